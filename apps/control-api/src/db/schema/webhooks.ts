import type { WebhookDeliveryStatus, WebhookEventType } from '@mediaplane/protocol';
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

/** Webhook subscriptions: where to POST which event types, and the HMAC secret. */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  events: text('events').array().$type<WebhookEventType[]>().notNull(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

/** The outbox: one row per event that at least one webhook subscribed to, written in the fact's transaction. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').$type<WebhookEventType>().notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  // The retention sweep deletes oldest first.
  (t) => [index('webhook_events_created_idx').on(t.createdAt)],
);

/** One event to one webhook, retried until delivered or given up. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Insertion order, which is event order: deliveries to one webhook go out in it.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', tz).notNull(),
    // A worker's lease while its attempt is in flight; an expired lease (crashed worker) frees the row.
    lockedUntil: timestamp('locked_until', tz),
    lastAttemptAt: timestamp('last_attempt_at', tz),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', tz),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.seq),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** Every attempt of every delivery: when, what came back, how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: timestamp('at', tz).notNull(),
    /** The HTTP status, or null when no response came (refused, timeout, blocked). */
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

/** A row of `webhooks`. */
export type WebhookRow = typeof webhooks.$inferSelect;
/** A row of `webhook_deliveries`. */
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
/** A row of `webhook_attempts`. */
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
