import type { WebhookDeliveryStatus } from '@mediaplane/protocol';
import { inArray } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import {
  sessions,
  webhookAttempts,
  webhookDeliveries,
  webhookEvents,
  webhooks,
} from '../src/db/schema/index.ts';

// Rows of the kinds the retention sweep deletes, aged against a given clock.

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** A webhook subscription to attach deliveries to. */
export async function seedWebhook(db: Database): Promise<string> {
  const [row] = await db
    .insert(webhooks)
    .values({ url: 'https://hooks.example.com/mp', events: ['stream.published'], secret: 'test-secret' })
    .returning({ id: webhooks.id });
  return row!.id;
}

/** An event created at `at` with one delivery (and one attempt) per status, spread over `hookIds`. */
export async function seedEvent(
  db: Database,
  at: Date,
  statuses: readonly WebhookDeliveryStatus[],
  hookIds: readonly string[],
): Promise<string> {
  const [event] = await db
    .insert(webhookEvents)
    .values({ type: 'stream.published', createdAt: at, data: { app: 'live' } })
    .returning({ id: webhookEvents.id });
  for (const [i, status] of statuses.entries()) {
    const [delivery] = await db
      .insert(webhookDeliveries)
      .values({
        webhookId: hookIds[i % hookIds.length]!,
        eventId: event!.id,
        status,
        attempts: 1,
        nextAttemptAt: at,
        deliveredAt: status === 'delivered' ? at : null,
      })
      .returning({ id: webhookDeliveries.id });
    await db.insert(webhookAttempts).values({
      deliveryId: delivery!.id,
      at,
      statusCode: status === 'delivered' ? 200 : 500,
      durationMs: 3,
    });
  }
  return event!.id;
}

let sessionCounter = 0;

/** A player session started at `startedAt` and ended at `endedAt` (null: still live). */
export async function seedSession(db: Database, startedAt: Date, endedAt: Date | null): Promise<string> {
  const id = `retention-${process.pid}-${++sessionCounter}`;
  await db.insert(sessions).values({
    id,
    nodeId: 'node-retention',
    vhost: '__defaultVhost__',
    app: 'live',
    stream: 'cam',
    protocol: 'rtmp',
    role: 'player',
    startedAt,
    endedAt,
    endReason: endedAt === null ? null : 'closed',
  });
  return id;
}

/** Which of the given event ids still exist, and how many deliveries and attempts they hold. */
export async function eventsLeft(
  db: Database,
  ids: readonly string[],
): Promise<{ events: string[]; deliveries: number; attempts: number }> {
  if (ids.length === 0) return { events: [], deliveries: 0, attempts: 0 };
  const events = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(inArray(webhookEvents.id, [...ids]));
  const deliveries = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.eventId, [...ids]));
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .select({ id: webhookAttempts.id })
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          );
  return { events: events.map((e) => e.id).sort(), deliveries: deliveries.length, attempts: attempts.length };
}

/** Which of the given session ids still exist. */
export async function sessionsLeft(db: Database, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(inArray(sessions.id, [...ids]));
  return rows.map((r) => r.id).sort();
}
