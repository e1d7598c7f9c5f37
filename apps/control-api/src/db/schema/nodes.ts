import { boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Public base URLs a node reports, e.g. `{ rtmp: 'rtmp://host:1935' }`. */
export type NodeUrls = { rtmp?: string; http?: string };

/** A node's load as of its last heartbeat. */
export type NodeLoad = { cpuPercent: number; rssBytes: number; sessions: number };

/** Media nodes that have talked to this control API. */
export const nodes = pgTable('nodes', {
  id: text('id').primaryKey(),
  version: text('version').notNull().default(''),
  urls: jsonb('urls').$type<NodeUrls>().notNull().default({}),
  online: boolean('online').notNull().default(true),
  registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  load: jsonb('load').$type<NodeLoad>().notNull().default({ cpuPercent: 0, rssBytes: 0, sessions: 0 }),
});

/** A row of `nodes`. */
export type NodeRow = typeof nodes.$inferSelect;
