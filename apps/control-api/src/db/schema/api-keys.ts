import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Keys business apps send as `Authorization: Bearer <key>`; only a SHA-256 of each key is stored. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Hex SHA-256 of the whole key; the lookup column. */
  hash: text('hash').notNull().unique(),
  /** The key's first characters, to recognise it in a list without revealing it. */
  prefix: text('prefix').notNull(),
  /** `admin` may do everything; narrower roles may come later. */
  role: text('role', { enum: ['admin'] })
    .notNull()
    .default('admin'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/** A row of `api_keys`. */
export type ApiKeyRow = typeof apiKeys.$inferSelect;
