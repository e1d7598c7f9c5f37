import type { NodeInfo } from '@mediaplane/protocol';
import { asc } from 'drizzle-orm';
import { nodes } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** Every media node that has talked to this API, online or not, by id. */
export async function listNodes({ ctx }: { ctx: ServiceContext }): Promise<NodeInfo[]> {
  const rows = await ctx.db.select().from(nodes).orderBy(asc(nodes.id));
  return rows.map((r) => ({
    id: r.id,
    online: r.online,
    version: r.version,
    urls: r.urls,
    registeredAt: r.registeredAt?.toISOString() ?? null,
    lastSeenAt: r.lastSeenAt.toISOString(),
    load: r.load,
  }));
}
