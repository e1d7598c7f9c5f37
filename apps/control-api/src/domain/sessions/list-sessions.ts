import type { SessionInfo, SessionListQuery } from '@mediaplane/protocol';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { sessions } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** Open sessions, oldest first, optionally of one app and/or stream. */
export async function listOpenSessions({
  ctx,
  filter,
}: {
  ctx: ServiceContext;
  filter: SessionListQuery;
}): Promise<SessionInfo[]> {
  const rows = await ctx.db
    .select()
    .from(sessions)
    .where(
      and(
        isNull(sessions.endedAt),
        filter.app === undefined ? undefined : eq(sessions.app, filter.app),
        filter.stream === undefined ? undefined : eq(sessions.stream, filter.stream),
      ),
    )
    .orderBy(asc(sessions.startedAt), asc(sessions.id));
  return rows.map((r) => ({
    id: r.id,
    nodeId: r.nodeId,
    vhost: r.vhost,
    app: r.app,
    stream: r.stream,
    protocol: r.protocol,
    role: r.role,
    ip: r.ip,
    startedAt: r.startedAt.toISOString(),
  }));
}
