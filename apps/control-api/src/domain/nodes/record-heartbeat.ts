import type { Heartbeat } from '@mediaplane/protocol';
import { and, eq, lte, notInArray, sql } from 'drizzle-orm';
import { nodes, streams } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';
import { touchNode } from './touch-node.ts';

/**
 * A node is alive: store its load and its streams' audience and bitrate. The heartbeat lists every
 * announced stream the node holds, so it also repairs the table: rows the API dropped (it thought
 * the node was gone) come back, rows the node no longer holds go. Both by the node's clock, like events.
 */
export async function recordHeartbeat({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Heartbeat;
}): Promise<void> {
  const now = ctx.now();
  const at = new Date(input.at);
  await ctx.db.transaction(async (tx) => {
    await touchNode(tx, input.nodeId, now);
    await tx.update(nodes).set({ load: input.load }).where(eq(nodes.id, input.nodeId));
    const held = input.streams.map((s) => `${s.vhost}/${s.app}/${s.stream}`);
    const gone = await tx
      .delete(streams)
      .where(
        and(
          eq(streams.nodeId, input.nodeId),
          lte(streams.since, at),
          held.length === 0
            ? undefined
            : notInArray(sql`${streams.vhost} || '/' || ${streams.app} || '/' || ${streams.stream}`, held),
        ),
      )
      .returning();
    for (const { vhost, app, stream, nodeId, tracks } of gone) {
      await enqueueWebhookEvent(tx, {
        type: 'stream.unpublished',
        data: { vhost, app, stream, nodeId, tracks },
        at: now,
      });
    }
    if (input.streams.length === 0) return;
    const rows = await tx
      .insert(streams)
      .values(
        input.streams.map((s) => ({
          vhost: s.vhost,
          app: s.app,
          stream: s.stream,
          nodeId: input.nodeId,
          tracks: s.tracks,
          since: at,
          readers: s.readers,
          bitrateKbps: s.bitrateKbps,
        })),
      )
      .onConflictDoUpdate({
        target: [streams.vhost, streams.app, streams.stream, streams.nodeId],
        set: { readers: sql`excluded.readers`, bitrateKbps: sql`excluded.bitrate_kbps` },
        // A row registered after this heartbeat was built is a newer stream; its counts come next time.
        setWhere: lte(streams.since, sql`excluded.since`),
      })
      .returning({
        vhost: streams.vhost,
        app: streams.app,
        stream: streams.stream,
        tracks: streams.tracks,
        inserted: sql<boolean>`(xmax = 0)`,
      });
    for (const { inserted, vhost, app, stream, tracks } of rows) {
      if (!inserted) continue;
      await enqueueWebhookEvent(tx, {
        type: 'stream.published',
        data: { vhost, app, stream, nodeId: input.nodeId, tracks },
        at: now,
      });
    }
  });
}
