import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Persisted pull sources: where to fetch `app/stream` (or any stream of the app, `*`) from. */
export const pulls = pgTable(
  'pulls',
  {
    id: text('id').primaryKey(),
    app: text('app').notNull(),
    /** An exact stream name, or `*` for every stream of the app. */
    stream: text('stream').notNull(),
    url: text('url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('pulls_app_stream_idx').on(t.app, t.stream)],
);

/** A row of `pulls`. */
export type PullRow = typeof pulls.$inferSelect;
