import type { Track } from '@mediaplane/protocol';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { nodes } from './nodes.ts';

/** Players of a stream on one node, in total and per protocol, as of the node's last heartbeat. */
export type StreamReaders = { total: number; byProtocol: Record<string, number> };

/** Live streams, one row per (vhost, app, stream) per node that holds it. */
export const streams = pgTable(
  'streams',
  {
    vhost: text('vhost').notNull(),
    app: text('app').notNull(),
    stream: text('stream').notNull(),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    tracks: jsonb('tracks').$type<Track[]>().notNull(),
    // The node's clock at registration; events older than this are stale and must not touch the row.
    since: timestamp('since', { withTimezone: true, mode: 'date' }).notNull(),
    readers: jsonb('readers').$type<StreamReaders>().notNull().default({ total: 0, byProtocol: {} }),
    bitrateKbps: integer('bitrate_kbps').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.vhost, t.app, t.stream, t.nodeId] }),
    index('streams_node_id_idx').on(t.nodeId),
  ],
);

/** A row of `streams`. */
export type StreamRow = typeof streams.$inferSelect;
