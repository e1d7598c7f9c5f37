import type { PullInfo } from '@mediaplane/protocol';
import { asc, eq } from 'drizzle-orm';
import { type PullRow, pulls } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** Pull sources, oldest first, optionally of one app. */
export async function listPulls({
  ctx,
  app,
}: {
  ctx: ServiceContext;
  app?: string | undefined;
}): Promise<PullInfo[]> {
  const rows = await ctx.db
    .select()
    .from(pulls)
    .where(app === undefined ? undefined : eq(pulls.app, app))
    .orderBy(asc(pulls.createdAt), asc(pulls.id));
  return rows.map(pullInfo);
}

/** The public shape of a row. */
export function pullInfo(row: PullRow): PullInfo {
  return {
    id: row.id,
    app: row.app,
    stream: row.stream,
    url: row.url,
    createdAt: row.createdAt.toISOString(),
  };
}
