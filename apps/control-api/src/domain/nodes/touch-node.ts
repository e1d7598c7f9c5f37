import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { nodes } from '../../db/schema/index.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

/**
 * Marks a node online and seen now, creating a bare row for a node that has not registered yet.
 * A node that was offline, or new, comes back with a `node.online` webhook in the same transaction.
 */
export async function touchNode(
  db: Pick<Database, 'insert' | 'update' | 'execute'>,
  nodeId: string,
  now: Date,
): Promise<void> {
  // The update locks the row, so of two concurrent touches only one sees the node offline.
  const revived = await db
    .update(nodes)
    .set({ online: true, lastSeenAt: now })
    .where(and(eq(nodes.id, nodeId), eq(nodes.online, false)))
    .returning({ id: nodes.id });
  const [row] = await db
    .insert(nodes)
    .values({ id: nodeId, online: true, lastSeenAt: now })
    .onConflictDoUpdate({ target: nodes.id, set: { online: true, lastSeenAt: sql`excluded.last_seen_at` } })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  if (revived.length > 0 || row?.inserted === true) {
    await enqueueWebhookEvent(db, { type: 'node.online', data: { nodeId }, at: now });
  }
}
