import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import type { OutboundFetch } from '../net/outbound-fetch.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.ts';
import { type ClaimedDelivery, claimDueDeliveries, releaseClaims } from './claim.ts';
import { attemptDelivery } from './deliver.ts';
import { recordAttempt } from './record-attempt.ts';

/** Tuning of the delivery worker; every field has a production default. */
export interface WebhookWorkerSettings {
  /** Deliveries in flight at once (each to a different webhook). */
  concurrency?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** How often to look for due retries when nothing wakes the worker. */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** What the worker runs on; clock, randomness and fetch are injectable for tests. */
export interface WebhookWorkerOptions extends WebhookWorkerSettings {
  db: Database;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  fetch?: OutboundFetch;
  /** Throws when a URL may not be reached right now (e.g. its name resolves to a private address). */
  checkTarget?: (url: URL) => Promise<void>;
}

/** A running delivery loop. */
export interface WebhookWorker {
  /** Look for due deliveries now (an event was enqueued, or a slot freed). */
  wake(): void;
  /** Stops claiming, aborts attempts in flight (recorded, and due again at once) and resolves when idle. */
  close(): Promise<void>;
}

// A lease outlives the attempt's timeout, so only a crashed worker's deliveries are ever taken over.
const LEASE_MARGIN_MS = 30_000;
// Beyond this many remembered retry times, polling alone finds the rest.
const MAX_RETRY_TIMES = 1024;

/** Starts the loop: claim due deliveries, POST them, record each attempt, retry with backoff. */
export function startWebhookWorker(opts: WebhookWorkerOptions): WebhookWorker {
  const { db, log } = opts;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const concurrency = opts.concurrency ?? 8;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pollIntervalMs = opts.pollIntervalMs ?? 1_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const stopping = new AbortController();
  const inFlight = new Map<string, Promise<void>>();

  // Retry times this worker scheduled, so it wakes for them instead of at the next poll.
  const retryTimes: number[] = [];
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopping.signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeUp = undefined;
    });

  const deliver = async (claimed: ClaimedDelivery): Promise<void> => {
    const startedAt = now();
    const outcome = await attemptDelivery(claimed, {
      fetch: opts.fetch ?? fetch,
      now,
      timeoutMs,
      signal: stopping.signal,
      checkTarget: opts.checkTarget,
    });
    const recorded = await recordAttempt(db, claimed, outcome, { startedAt, now: now(), policy, random });
    if (recorded?.retryAt !== undefined && retryTimes.length < MAX_RETRY_TIMES) {
      retryTimes.push(recorded.retryAt.getTime());
    }
    if (recorded?.status === 'failed') {
      log.warn('webhook delivery gave up', {
        deliveryId: claimed.id,
        webhookId: claimed.webhookId,
        eventId: claimed.event.id,
        attempts: claimed.attempts + 1,
      });
    }
  };

  const start = (claimed: ClaimedDelivery) => {
    const task = deliver(claimed)
      .catch((err: unknown) => {
        // The lease expires and another pass retries it; nothing is lost.
        log.error('webhook delivery bookkeeping failed', { deliveryId: claimed.id, err: String(err) });
      })
      .finally(() => {
        inFlight.delete(claimed.id);
        // A freed slot, and maybe this webhook's next event is now first in line.
        wake();
      });
    inFlight.set(claimed.id, task);
  };

  // Forgets retry times the last claim already covered; returns how long to idle.
  const idleMs = (claimedAt: number): number => {
    let next = Number.POSITIVE_INFINITY;
    for (let i = retryTimes.length - 1; i >= 0; i--) {
      const t = retryTimes[i]!;
      if (t <= claimedAt) retryTimes.splice(i, 1);
      else next = Math.min(next, t);
    }
    return Math.max(0, Math.min(pollIntervalMs, next - now().getTime()));
  };

  let failing = false;
  const loop = async () => {
    while (!stopping.signal.aborted) {
      const free = concurrency - inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      woken = false;
      const claimedAt = now();
      if (free > 0) {
        try {
          claimed = await claimDueDeliveries(db, {
            now: claimedAt,
            limit: free,
            leaseMs: timeoutMs + LEASE_MARGIN_MS,
          });
          if (failing) log.info('webhook worker recovered');
          failing = false;
        } catch (err) {
          if (!failing) log.error('webhook worker cannot claim deliveries', { err: String(err) });
          failing = true;
        }
        if (stopping.signal.aborted) {
          await releaseClaims(
            db,
            claimed.map((c) => c.id),
          ).catch(() => {});
          break;
        }
        for (const c of claimed) start(c);
      }
      // A full batch suggests more are due: look again at once.
      if (free > 0 && claimed.length === free) continue;
      await idle(free > 0 && !failing ? idleMs(claimedAt.getTime()) : pollIntervalMs);
    }
  };
  const running = loop();

  let closing: Promise<void> | undefined;
  return {
    wake,
    close() {
      closing ??= (async () => {
        stopping.abort();
        wake();
        await running;
        await Promise.all(inFlight.values());
      })();
      return closing;
    },
  };
}
