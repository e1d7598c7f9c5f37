import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { nodes, streams } from '../../db/schema/index.ts';
import type { Logger } from '../../log.ts';
import { endNodeSessions } from '../sessions/end-node-sessions.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

export interface SweepOptions {
  readonly db: Database;
  readonly log: Logger;
  readonly now: Date;
  /** A node not seen for this long is offline. */
  readonly offlineAfterMs: number;
}

/**
 * Marks nodes not seen for `offlineAfterMs` offline, removes their streams and ends their sessions,
 * with `stream.unpublished`, `session.ended` and `node.offline` webhooks in the same transaction.
 * Safe to run from several API instances at once: each node is swept by one. Returns the swept ids.
 */
export async function sweepOfflineNodes(opts: SweepOptions): Promise<string[]> {
  const { now } = opts;
  const cutoff = new Date(now.getTime() - opts.offlineAfterMs);
  const swept = await opts.db.transaction(async (tx) => {
    const gone = await tx
      .update(nodes)
      .set({ online: false })
      .where(and(eq(nodes.online, true), lt(nodes.lastSeenAt, cutoff)))
      .returning({ id: nodes.id });
    const ids = gone.map((n) => n.id);
    if (ids.length === 0) return ids;
    const removed = await tx.delete(streams).where(inArray(streams.nodeId, ids)).returning();
    for (const { vhost, app, stream, nodeId, tracks } of removed) {
      await enqueueWebhookEvent(tx, {
        type: 'stream.unpublished',
        data: { vhost, app, stream, nodeId, tracks },
        at: now,
      });
    }
    for (const nodeId of ids) {
      await endNodeSessions(tx, nodeId, now, 'node offline');
      await enqueueWebhookEvent(tx, { type: 'node.offline', data: { nodeId }, at: now });
    }
    return ids;
  });
  for (const nodeId of swept)
    opts.log.warn('node offline: no heartbeat', { nodeId, afterMs: opts.offlineAfterMs });
  return swept;
}
