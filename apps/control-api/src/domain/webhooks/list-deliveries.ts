import type { WebhookAttempt, WebhookDelivery } from '@mediaplane/protocol';
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries, webhookEvents } from '../../db/schema/webhooks.ts';
import type { ServiceContext } from '../context.ts';
import { findWebhook } from './find-webhook.ts';

/** A webhook's deliveries, latest event first, each with its attempts oldest first; NOT_FOUND for an unknown webhook. */
export async function listDeliveries({
  ctx,
  webhookId,
  limit,
}: {
  ctx: ServiceContext;
  webhookId: string;
  limit: number;
}): Promise<WebhookDelivery[]> {
  await findWebhook(ctx.db, webhookId);
  const rows = await ctx.db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookEvents.id,
      type: webhookEvents.type,
      eventCreatedAt: webhookEvents.createdAt,
      status: webhookDeliveries.status,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await ctx.db
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id));
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    list.push({ at: a.at.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs });
    byDelivery.set(a.deliveryId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    type: r.type,
    eventCreatedAt: r.eventCreatedAt.toISOString(),
    status: r.status,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    attempts: byDelivery.get(r.id) ?? [],
  }));
}
