import type { NodeEvent, StreamRegistered, StreamUnregistered } from '@mediaplane/protocol';
import { and, eq, lte, sql } from 'drizzle-orm';
import { streams } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { touchNode } from '../nodes/touch-node.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

/**
 * Applies a node's stream fact. Idempotent and safe against late arrivals: each row keeps the
 * node-clock time it was registered at, and an event older than that leaves it alone.
 * Returns whether the event changed anything.
 */
export async function applyNodeEvent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: NodeEvent;
}): Promise<boolean> {
  return input.type === 'stream.registered' ? registered(ctx, input) : unregistered(ctx, input);
}

async function registered(ctx: ServiceContext, e: StreamRegistered): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await touchNode(tx, e.nodeId, now);
    const since = new Date(e.at);
    // A replay updates the row too; only a new row, or a newer publish replacing one, is news.
    const [before] = await tx.select({ since: streams.since }).from(streams).where(keyOf(e)).for('update');
    const rows = await tx
      .insert(streams)
      .values({
        vhost: e.vhost,
        app: e.app,
        stream: e.stream,
        nodeId: e.nodeId,
        tracks: e.tracks,
        since,
      })
      .onConflictDoUpdate({
        target: [streams.vhost, streams.app, streams.stream, streams.nodeId],
        set: { tracks: sql`excluded.tracks`, since: sql`excluded.since` },
        setWhere: lte(streams.since, sql`excluded.since`),
      })
      .returning({ nodeId: streams.nodeId });
    if (rows.length === 0) return false;
    if (before === undefined || before.since < since) {
      const { vhost, app, stream, nodeId, tracks } = e;
      const data = { vhost, app, stream, nodeId, tracks };
      await enqueueWebhookEvent(tx, { type: 'stream.published', data, at: now });
    }
    return true;
  });
}

async function unregistered(ctx: ServiceContext, e: StreamUnregistered): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .delete(streams)
      .where(and(keyOf(e), lte(streams.since, new Date(e.at))))
      .returning({ tracks: streams.tracks });
    const [row] = rows;
    if (row === undefined) return false;
    const { vhost, app, stream, nodeId } = e;
    const data = { vhost, app, stream, nodeId, tracks: row.tracks };
    await enqueueWebhookEvent(tx, { type: 'stream.unpublished', data, at: ctx.now() });
    return true;
  });
}

function keyOf(e: StreamRegistered | StreamUnregistered) {
  return and(
    eq(streams.vhost, e.vhost),
    eq(streams.app, e.app),
    eq(streams.stream, e.stream),
    eq(streams.nodeId, e.nodeId),
  );
}
