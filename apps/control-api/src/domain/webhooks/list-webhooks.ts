import type { WebhookInfo } from '@mediaplane/protocol';
import { asc } from 'drizzle-orm';
import { webhooks } from '../../db/schema/webhooks.ts';
import type { ServiceContext } from '../context.ts';

/** Every webhook, oldest first, without secrets. */
export async function listWebhooks({ ctx }: { ctx: ServiceContext }): Promise<WebhookInfo[]> {
  const rows = await ctx.db
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, createdAt: webhooks.createdAt })
    .from(webhooks)
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
