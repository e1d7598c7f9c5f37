import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { type RetentionPolicy, type RetentionSweepResult, sweepRetention } from './sweep-retention.ts';

/** When the sweeper runs; production keeps the defaults. */
export interface RetentionTiming {
  /** Between sweeps; default one hour. */
  readonly intervalMs?: number;
  /** Before the first sweep, so start-up is not slowed by a backlog; default one minute. */
  readonly firstRunAfterMs?: number;
  /** Rows per DELETE statement. */
  readonly batchSize?: number;
}

/** Options of startRetentionSweeper. */
export interface RetentionSweeperOptions extends RetentionPolicy, RetentionTiming {
  readonly db: Database;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** A running retention sweeper; `stop` waits for a sweep in progress (which stops between batches). */
export interface RetentionSweeper {
  /** Runs one sweep now (tests); never throws. */
  sweepNow(): Promise<RetentionSweepResult>;
  stop(): Promise<void>;
}

const NOTHING: RetentionSweepResult = { webhookEvents: 0, sessions: 0 };

/** Deletes records past their retention shortly after start, then every `intervalMs`. */
export function startRetentionSweeper(opts: RetentionSweeperOptions): RetentionSweeper {
  const now = opts.now ?? (() => new Date());
  const abort = new AbortController();
  let running: Promise<RetentionSweepResult> | undefined;

  const sweepOnce = async (): Promise<RetentionSweepResult> => {
    try {
      return await sweepRetention({
        db: opts.db,
        log: opts.log,
        now: now(),
        webhookDays: opts.webhookDays,
        sessionDays: opts.sessionDays,
        batchSize: opts.batchSize,
        signal: abort.signal,
      });
    } catch (err) {
      opts.log.error('retention sweep failed', { err: err instanceof Error ? err.message : String(err) });
      return NOTHING;
    }
  };
  // One sweep at a time; a tick that finds one running shares it.
  const sweep = (): Promise<RetentionSweepResult> => {
    if (abort.signal.aborted) return Promise.resolve(NOTHING);
    if (running) return running;
    const current = sweepOnce().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };

  const enabled = opts.webhookDays > 0 || opts.sessionDays > 0;
  let interval: ReturnType<typeof setInterval> | undefined;
  const first = enabled
    ? setTimeout(() => {
        void sweep();
        interval = setInterval(() => void sweep(), opts.intervalMs ?? 3_600_000);
        unref(interval);
      }, opts.firstRunAfterMs ?? 60_000)
    : undefined;
  if (first) unref(first);

  return {
    sweepNow: sweep,
    async stop() {
      abort.abort();
      clearTimeout(first);
      clearInterval(interval);
      await running;
    },
  };
}

// Never keep a process alive just to sweep.
function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
