import { eq } from 'drizzle-orm';
import { webhooks } from '../../db/schema/webhooks.ts';
import type { ServiceContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { isWebhookId } from './find-webhook.ts';

/** Removes a webhook with its deliveries and their attempts; NOT_FOUND when there is none. */
export async function deleteWebhook({ ctx, id }: { ctx: ServiceContext; id: string }): Promise<void> {
  if (!isWebhookId(id)) throw new NotFoundError('webhook', id);
  const rows = await ctx.db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  if (rows.length === 0) throw new NotFoundError('webhook', id);
  ctx.log.info('webhook deleted', { id, requestId: ctx.requestId });
}
