import type { PullInfo } from '@mediaplane/protocol';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { pulls } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { pullInfo } from './list-pulls.ts';

/** The pull source for `app/stream`: one for exactly this stream wins over the app's `*`; the oldest among equals. */
export async function findPull({
  ctx,
  app,
  stream,
}: {
  ctx: ServiceContext;
  app: string;
  stream: string;
}): Promise<PullInfo | undefined> {
  const [row] = await ctx.db
    .select()
    .from(pulls)
    .where(and(eq(pulls.app, app), inArray(pulls.stream, [stream, '*'])))
    .orderBy(sql`${pulls.stream} = '*'`, asc(pulls.createdAt), asc(pulls.id))
    .limit(1);
  return row === undefined ? undefined : pullInfo(row);
}
