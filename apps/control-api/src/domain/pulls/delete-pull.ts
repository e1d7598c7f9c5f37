import { eq } from 'drizzle-orm';
import { pulls } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/** Removes a pull source; NOT_FOUND when there is none with this id. */
export async function deletePull({ ctx, id }: { ctx: ServiceContext; id: string }): Promise<void> {
  const rows = await ctx.db.delete(pulls).where(eq(pulls.id, id)).returning({ id: pulls.id });
  if (rows.length === 0) throw new NotFoundError('pull', id);
  ctx.log.info('pull source deleted', { id, requestId: ctx.requestId });
}
