import type { WebhookEventType } from '@mediaplane/protocol';
import { and, asc, eq, gt, inArray, isNull, lt, lte, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.ts';
import { webhookDeliveries as d, webhookEvents, webhooks } from '../../db/schema/webhooks.ts';

/** A delivery a worker holds a lease on, with what it needs to attempt it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly webhookId: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
  readonly event: {
    readonly id: string;
    readonly type: WebhookEventType;
    readonly createdAt: Date;
    readonly data: Record<string, unknown>;
  };
}

/**
 * Leases up to `limit` due deliveries until `now + leaseMs`: at most one per webhook, the earliest due
 * in event order, and none for a webhook that already has one in flight, so a webhook receives its
 * events in order unless some failed. `SKIP LOCKED` lets several API instances claim side by side.
 */
export async function claimDueDeliveries(
  db: Database,
  { now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const other = alias(d, 'other');
  const blocking = db
    .select({ one: sql`1` })
    .from(other)
    .where(
      and(
        eq(other.webhookId, d.webhookId),
        eq(other.status, 'pending'),
        or(gt(other.lockedUntil, now), and(lte(other.nextAttemptAt, now), lt(other.seq, d.seq))),
      ),
    );
  const due = db.$with('due').as(
    db
      .select({ id: d.id })
      .from(d)
      .where(
        and(
          eq(d.status, 'pending'),
          lte(d.nextAttemptAt, now),
          or(isNull(d.lockedUntil), lte(d.lockedUntil, now)),
          notExists(blocking),
        ),
      )
      .orderBy(asc(d.seq))
      .limit(limit)
      .for('update', { of: d, skipLocked: true }),
  );
  const leased = await db
    .with(due)
    .update(d)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(inArray(d.id, db.select({ id: due.id }).from(due)))
    .returning({ id: d.id });
  if (leased.length === 0) return [];
  const rows = await db
    .select({
      id: d.id,
      webhookId: d.webhookId,
      attempts: d.attempts,
      url: webhooks.url,
      secret: webhooks.secret,
      event: {
        id: webhookEvents.id,
        type: webhookEvents.type,
        createdAt: webhookEvents.createdAt,
        data: webhookEvents.data,
      },
    })
    .from(d)
    .innerJoin(webhooks, eq(webhooks.id, d.webhookId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, d.eventId))
    .where(
      inArray(
        d.id,
        leased.map((r) => r.id),
      ),
    )
    .orderBy(asc(d.seq));
  return rows;
}

/** Gives leases back (the worker stopped before finishing), so the deliveries are due again at once. */
export async function releaseClaims(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(d)
    .set({ lockedUntil: null })
    .where(and(inArray(d.id, [...ids]), eq(d.status, 'pending')));
}
