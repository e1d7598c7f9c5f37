import type { WebhookEventData, WebhookEventType } from '@mediaplane/protocol';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { webhookDeliveries, webhookEvents, webhooks } from '../../db/schema/webhooks.ts';

/** The Postgres channel the delivery worker LISTENs on; NOTIFY is delivered only when the outbox commits. */
export const WEBHOOK_NOTIFY_CHANNEL = 'mediaplane_webhooks';

/** Anything that runs SQL: the database or a transaction (`db.transaction(async (tx) => …)`). */
export type SqlExecutor = Pick<Database, 'execute'>;

/** An event to publish: `at` is when it happened by the API's clock (`ctx.now()`). */
export interface WebhookEventInput<T extends WebhookEventType = WebhookEventType> {
  type: T;
  data: WebhookEventData[T];
  at: Date;
}

/**
 * Records an event in the outbox with one delivery per subscribed webhook, in the caller's
 * transaction when given one, so a fact and its webhooks commit (or roll back) together.
 * Events nobody subscribes to are not stored. One statement, one round trip.
 */
export async function enqueueWebhookEvent<T extends WebhookEventType>(
  db: SqlExecutor,
  event: WebhookEventInput<T>,
): Promise<void> {
  const at = event.at.toISOString();
  await db.execute(sql`
    with targets as (
      select ${webhooks.id} as id from ${webhooks} where ${event.type}::text = any(${webhooks.events})
    ), ev as (
      insert into ${webhookEvents} (type, created_at, data)
      select ${event.type}, ${at}::timestamptz, ${JSON.stringify(event.data)}::jsonb
      where exists (select 1 from targets)
      returning id
    ), deliveries as (
      insert into ${webhookDeliveries} (webhook_id, event_id, next_attempt_at)
      select targets.id, ev.id, ${at}::timestamptz from targets cross join ev
      returning 1
    )
    select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '') from ev`);
}
