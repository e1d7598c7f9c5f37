import { and, asc, eq, inArray, lt, notExists, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEvents } from '../../db/schema/webhooks.ts';
import { deleteInBatches, type PurgeOptions } from './delete-in-batches.ts';

/**
 * Deletes webhook events created before `before` whose deliveries have all finished (delivered or
 * failed); their deliveries and attempts go with them by cascade. An event with a pending delivery
 * stays however old it is: a delivery never returns to pending, so a finished event stays finished.
 * `SKIP LOCKED` lets several API instances sweep at once. Returns the number of events deleted.
 */
export async function purgeWebhookEvents(opts: PurgeOptions): Promise<number> {
  const { db, before } = opts;
  return deleteInBatches(
    async (limit) => {
      const pending = db
        .select({ one: sql`1` })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.eventId, webhookEvents.id), eq(webhookDeliveries.status, 'pending')));
      const batch = db
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(and(lt(webhookEvents.createdAt, before), notExists(pending)))
        .orderBy(asc(webhookEvents.createdAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const gone = await db
        .delete(webhookEvents)
        .where(inArray(webhookEvents.id, batch))
        .returning({ id: webhookEvents.id });
      return gone.length;
    },
    opts.batchSize,
    opts.signal,
  );
}
