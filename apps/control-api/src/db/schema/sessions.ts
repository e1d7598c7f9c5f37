import type { SessionProtocol, SessionRole } from '@mediaplane/protocol';
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Publisher and player sessions, open and ended: the flow records. Kept after their node goes away. */
export const sessions = pgTable(
  'sessions',
  {
    // The node's session id, the same one it sent to /node/v1/authorize.
    id: text('id').primaryKey(),
    nodeId: text('node_id').notNull(),
    vhost: text('vhost').notNull(),
    app: text('app').notNull(),
    stream: text('stream').notNull(),
    protocol: text('protocol').$type<SessionProtocol>().notNull(),
    role: text('role').$type<SessionRole>().notNull(),
    ip: text('ip').notNull().default(''),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    bytesIn: bigint('bytes_in', { mode: 'number' }).notNull().default(0),
    bytesOut: bigint('bytes_out', { mode: 'number' }).notNull().default(0),
    endReason: text('end_reason'),
  },
  (t) => [
    index('sessions_open_stream_idx').on(t.app, t.stream).where(sql`${t.endedAt} is null`),
    index('sessions_node_id_idx').on(t.nodeId),
    // The retention sweep deletes the longest-ended first.
    index('sessions_ended_at_idx')
      .on(t.endedAt)
      .where(sql`${t.endedAt} is not null`),
  ],
);

/** A row of `sessions`. */
export type SessionRow = typeof sessions.$inferSelect;
