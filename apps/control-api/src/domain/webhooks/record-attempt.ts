import type { WebhookDeliveryStatus } from '@mediaplane/protocol';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { webhookAttempts, webhookDeliveries } from '../../db/schema/webhooks.ts';
import { nextRetryAt, type RetryPolicy } from './backoff.ts';
import type { ClaimedDelivery } from './claim.ts';
import type { AttemptOutcome } from './deliver.ts';

/** What follows an attempt: `retryAt` is set when the delivery stays pending. */
export interface RecordedAttempt {
  readonly status: WebhookDeliveryStatus;
  readonly retryAt?: Date;
}

/**
 * Records an attempt and decides what follows: delivered, retry later (backoff), failed (gave up), or,
 * for an attempt the worker aborted, due again at once.
 * Returns undefined when the delivery vanished meanwhile (its webhook was deleted).
 */
export async function recordAttempt(
  db: Database,
  claimed: ClaimedDelivery,
  outcome: AttemptOutcome,
  opts: { startedAt: Date; now: Date; policy: RetryPolicy; random: () => number },
): Promise<RecordedAttempt | undefined> {
  const attempt = claimed.attempts + 1;
  // An attempt we aborted (shutdown) says nothing about the receiver: it stays due, for the next worker.
  const retryAt =
    outcome.ok || outcome.aborted
      ? undefined
      : nextRetryAt(attempt, claimed.event.createdAt, opts.now, opts.policy, opts.random);
  const status: WebhookDeliveryStatus = outcome.ok
    ? 'delivered'
    : outcome.aborted || retryAt !== undefined
      ? 'pending'
      : 'failed';
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: opts.startedAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        lockedUntil: null,
        ...(retryAt === undefined ? {} : { nextAttemptAt: retryAt }),
        ...(outcome.ok ? { deliveredAt: opts.now } : {}),
      })
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id });
    if (updated.length === 0) return undefined;
    await tx.insert(webhookAttempts).values({
      deliveryId: claimed.id,
      at: opts.startedAt,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
    });
    return retryAt === undefined ? { status } : { status, retryAt };
  });
}
