import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Installation-wide values the API generates once and shares between its instances (e.g. the token key). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A row of `settings`. */
export type SettingRow = typeof settings.$inferSelect;
