import { eq } from 'drizzle-orm';
import { nodes, sessions } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { NotFoundError, ServiceError } from '../errors.ts';
import { closeSessionOnNode, type NodeCommandOptions } from '../nodes/node-commands.ts';

/**
 * Disconnects an open session: the API tells the node holding it, directly. The session's row ends
 * when the node reports `session.ended`. Throws NOT_FOUND for unknown or ended sessions and
 * UNAVAILABLE when the node cannot be reached.
 */
export async function kickSession({
  ctx,
  id,
  command = {},
}: {
  ctx: ServiceContext;
  id: string;
  command?: Omit<NodeCommandOptions, 'nodeSecret'>;
}): Promise<void> {
  const [row] = await ctx.db
    .select({ endedAt: sessions.endedAt, node: nodes })
    .from(sessions)
    .leftJoin(nodes, eq(nodes.id, sessions.nodeId))
    .where(eq(sessions.id, id));
  if (!row || row.endedAt !== null) throw new NotFoundError('session', id);
  if (!row.node?.online) {
    throw new ServiceError(
      'UNAVAILABLE',
      `session '${id}' is on node '${row.node?.id ?? '?'}', which is offline`,
    );
  }
  const closed = await closeSessionOnNode(row.node, id, {
    reason: 'kicked by the API',
    ...command,
    nodeSecret: ctx.nodeSecret,
  });
  // The node no longer holds it: it ended on its own, and its `session.ended` is on the way.
  ctx.log.info('session kicked', { sessionId: id, nodeId: row.node.id, wasOnNode: closed });
}
