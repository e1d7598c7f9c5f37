import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { sweepOfflineNodes } from './sweep-offline.ts';

export interface OfflineSweeperOptions {
  readonly db: Database;
  readonly log: Logger;
  /** A node not seen for this long is offline (a few heartbeat intervals). */
  readonly offlineAfterMs: number;
  readonly now?: () => Date;
}

/** A running sweeper; `stop` waits for a sweep in progress. */
export interface OfflineSweeper {
  /** Runs one sweep now (tests); resolves with the ids marked offline. */
  sweepNow(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Sweeps for silent nodes every third of `offlineAfterMs`. Nothing is swept until the API itself has
 * been up that long: after an API outage every node looks silent, yet they were heartbeating into the void.
 */
export function startOfflineSweeper(opts: OfflineSweeperOptions): OfflineSweeper {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().getTime();
  const intervalMs = Math.min(5000, Math.max(100, Math.floor(opts.offlineAfterMs / 3)));
  let running: Promise<string[]> | undefined;
  let stopped = false;

  const sweepOnce = async (): Promise<string[]> => {
    const at = now();
    if (at.getTime() - startedAt < opts.offlineAfterMs) return [];
    try {
      return await sweepOfflineNodes({
        db: opts.db,
        log: opts.log,
        now: at,
        offlineAfterMs: opts.offlineAfterMs,
      });
    } catch (err) {
      opts.log.error('offline sweep failed', { err: err instanceof Error ? err.message : String(err) });
      return [];
    }
  };
  // One sweep at a time; a tick that finds one running shares it.
  const sweep = (): Promise<string[]> => {
    if (running) return running;
    const current = sweepOnce().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };

  const timer = setInterval(() => {
    if (!stopped) void sweep();
  }, intervalMs);
  // Never keep a process alive just to sweep.
  (timer as { unref?: () => void }).unref?.();

  return {
    sweepNow: sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
