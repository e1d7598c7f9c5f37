import type { StreamInfo } from '@mediaplane/protocol';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { nodes, streams } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** Narrows a stream listing; every given field must match. */
export interface StreamFilter {
  readonly vhost?: string | undefined;
  readonly app?: string | undefined;
  readonly stream?: string | undefined;
}

/** Live streams on every node (one entry per node holding one), oldest first, with their node's URLs. */
export async function listStreams({
  ctx,
  filter = {},
}: {
  ctx: ServiceContext;
  filter?: StreamFilter;
}): Promise<StreamInfo[]> {
  const where: SQL[] = [];
  if (filter.vhost !== undefined) where.push(eq(streams.vhost, filter.vhost));
  if (filter.app !== undefined) where.push(eq(streams.app, filter.app));
  if (filter.stream !== undefined) where.push(eq(streams.stream, filter.stream));
  const rows = await ctx.db
    .select({ stream: streams, urls: nodes.urls })
    .from(streams)
    .innerJoin(nodes, eq(nodes.id, streams.nodeId))
    .where(and(...where))
    .orderBy(
      asc(streams.since),
      asc(streams.vhost),
      asc(streams.app),
      asc(streams.stream),
      asc(streams.nodeId),
    );
  return rows.map(({ stream: r, urls }) => ({
    vhost: r.vhost,
    app: r.app,
    stream: r.stream,
    nodeId: r.nodeId,
    node: { id: r.nodeId, urls },
    tracks: r.tracks,
    readers: r.readers,
    bitrateKbps: r.bitrateKbps,
    since: r.since.toISOString(),
  }));
}
