import type { CloseStreamResult } from '@mediaplane/protocol';
import type { ServiceContext } from '../context.ts';
import { NotFoundError, ServiceError } from '../errors.ts';
import { closeStreamOnNode } from '../nodes/node-commands.ts';
import { listStreams } from './list-streams.ts';

/**
 * Tells every node holding `app/stream` (in one vhost, or all) to close it: the publisher and its
 * players disconnect, and the node reports `stream.unregistered` as usual. NOT_FOUND when no node
 * holds it; UNAVAILABLE naming the nodes that could not be reached (the others are still closed).
 */
export async function closeStream({
  ctx,
  app,
  stream,
  vhost,
}: {
  ctx: ServiceContext;
  app: string;
  stream: string;
  vhost?: string | undefined;
}): Promise<CloseStreamResult> {
  const held = await listStreams({ ctx, filter: { vhost, app, stream } });
  if (held.length === 0) throw new NotFoundError('stream', `${app}/${stream}`);
  const outcomes = await Promise.allSettled(
    held.map((s) =>
      closeStreamOnNode(
        { id: s.nodeId, urls: s.node?.urls ?? {} },
        { vhost: s.vhost, app: s.app, stream: s.stream },
        { nodeSecret: ctx.nodeSecret, reason: 'closed through the API' },
      ),
    ),
  );
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ s: held[i]!, err: o.reason }] : [],
  );
  const closed = held.filter((_, i) => outcomes[i]!.status === 'fulfilled');
  ctx.log.info('stream close requested', {
    app,
    stream,
    closed: closed.map((s) => s.nodeId),
    failed: failed.map((f) => f.s.nodeId),
    requestId: ctx.requestId,
  });
  if (failed.length > 0) {
    const why = failed.map((f) => (f.err instanceof Error ? f.err.message : String(f.err))).join('; ');
    throw new ServiceError('UNAVAILABLE', `could not close the stream on every node: ${why}`);
  }
  return { closed: closed.map((s) => ({ vhost: s.vhost, nodeId: s.nodeId })) };
}
