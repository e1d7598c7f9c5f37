import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-app policy; an app without a row uses DEFAULT_APP_POLICY (open). Defaults here mirror it. */
export const appPolicies = pgTable('app_policies', {
  app: text('app').primaryKey(),
  publish: text('publish', { enum: ['open', 'token'] })
    .notNull()
    .default('open'),
  play: text('play', { enum: ['open', 'token'] })
    .notNull()
    .default('open'),
  maxStreamWaitMs: integer('max_stream_wait_ms').notNull().default(15_000),
  noneReaderDelayMs: integer('none_reader_delay_ms').notNull().default(20_000),
  noneReaderAction: text('none_reader_action', { enum: ['close', 'keep', 'ask'] })
    .notNull()
    .default('close'),
  continuePushMs: integer('continue_push_ms').notNull().default(15_000),
  hlsSessionIdleMs: integer('hls_session_idle_ms').notNull().default(60_000),
  continueOnCleanStop: boolean('continue_on_clean_stop').notNull().default(false),
  decisionUrl: text('decision_url'),
  decisionTimeoutMs: integer('decision_timeout_ms').notNull().default(1000),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A row of `app_policies`. */
export type AppPolicyRow = typeof appPolicies.$inferSelect;
