import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { sessions } from '../../db/schema/index.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';
import { sessionEndedData } from './webhook-data.ts';

/**
 * Ends every open session of a node that started by `at` (the node restarted or went offline),
 * with a `session.ended` webhook each. Returns how many ended.
 */
export async function endNodeSessions(
  db: Pick<Database, 'insert' | 'update' | 'execute'>,
  nodeId: string,
  at: Date,
  reason: string,
): Promise<number> {
  const ended = await db
    .update(sessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(eq(sessions.nodeId, nodeId), isNull(sessions.endedAt), lte(sessions.startedAt, at)))
    .returning();
  for (const row of ended) {
    await enqueueWebhookEvent(db, {
      type: 'session.ended',
      data: sessionEndedData({ ...row, endedAt: at }),
      at,
    });
  }
  return ended.length;
}
