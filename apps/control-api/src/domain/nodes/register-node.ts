import type { RegisterNode } from '@mediaplane/protocol';
import { and, eq, lte, sql } from 'drizzle-orm';
import { nodes, streams } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { endNodeSessions } from '../sessions/end-node-sessions.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';
import { touchNode } from './touch-node.ts';

/**
 * A node (re)announces itself: upsert it, mark it online and replace its streams with the ones it
 * reports. Rows registered after the announcement (by the node's clock) are newer facts and stay.
 * Sessions it had open before are over: a (re)started node holds none it did not report.
 */
export async function registerNode({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RegisterNode;
}): Promise<void> {
  const now = ctx.now();
  const at = input.at === undefined ? now : new Date(input.at);
  await ctx.db.transaction(async (tx) => {
    await touchNode(tx, input.nodeId, now);
    await tx
      .update(nodes)
      .set({ version: input.version, urls: input.urls, registeredAt: now })
      .where(eq(nodes.id, input.nodeId));
    const removed = await tx
      .delete(streams)
      .where(and(eq(streams.nodeId, input.nodeId), lte(streams.since, at)))
      .returning();
    const reported = new Set(input.streams.map(keyOf));
    for (const row of removed) {
      if (reported.has(keyOf(row))) continue;
      const { vhost, app, stream, nodeId, tracks } = row;
      await enqueueWebhookEvent(tx, {
        type: 'stream.unpublished',
        data: { vhost, app, stream, nodeId, tracks },
        at: now,
      });
    }
    await endNodeSessions(tx, input.nodeId, at, 'node restarted');
    if (input.streams.length === 0) return;
    await tx
      .insert(streams)
      .values(input.streams.map((s) => ({ ...s, nodeId: input.nodeId, since: at })))
      .onConflictDoUpdate({
        target: [streams.vhost, streams.app, streams.stream, streams.nodeId],
        set: { tracks: sql`excluded.tracks`, since: sql`excluded.since` },
        setWhere: lte(streams.since, sql`excluded.since`),
      });
  });
  ctx.log.info('node registered', {
    nodeId: input.nodeId,
    version: input.version,
    streams: input.streams.length,
  });
}

function keyOf(s: { vhost: string; app: string; stream: string }): string {
  return `${s.vhost}/${s.app}/${s.stream}`;
}
