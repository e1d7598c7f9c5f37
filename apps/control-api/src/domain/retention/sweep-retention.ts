import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { purgeEndedSessions } from './purge-sessions.ts';
import { purgeWebhookEvents } from './purge-webhook-events.ts';

const DAY_MS = 86_400_000;

/** How many days finished records are kept; 0 keeps that kind forever. */
export interface RetentionPolicy {
  readonly webhookDays: number;
  readonly sessionDays: number;
}

/** Options of one retention sweep. */
export interface RetentionSweepOptions extends RetentionPolicy {
  readonly db: Database;
  readonly log: Logger;
  readonly now: Date;
  /** Rows per DELETE statement (tests use a small one). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** Rows one sweep deleted. */
export interface RetentionSweepResult {
  /** Webhook events deleted (their deliveries and attempts went with them). */
  readonly webhookEvents: number;
  readonly sessions: number;
}

/** Deletes finished webhook events and ended sessions past their retention; logs the counts when any. */
export async function sweepRetention(opts: RetentionSweepOptions): Promise<RetentionSweepResult> {
  const { db, now, batchSize, signal } = opts;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const webhookEvents =
    opts.webhookDays > 0
      ? await purgeWebhookEvents({ db, before: before(opts.webhookDays), batchSize, signal })
      : 0;
  const sessions =
    opts.sessionDays > 0
      ? await purgeEndedSessions({ db, before: before(opts.sessionDays), batchSize, signal })
      : 0;
  if (webhookEvents > 0 || sessions > 0) {
    opts.log.info('retention: deleted old records', {
      webhookEvents,
      sessions,
      webhookDays: opts.webhookDays,
      sessionDays: opts.sessionDays,
    });
  }
  return { webhookEvents, sessions };
}
