import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { type WebhookRow, webhooks } from '../../db/schema/webhooks.ts';
import { NotFoundError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` could name a webhook; anything else cannot exist (and must not reach a uuid column). */
export function isWebhookId(id: string): boolean {
  return UUID.test(id);
}

/** The webhook with this id, or NOT_FOUND. */
export async function findWebhook(db: Pick<Database, 'select'>, id: string): Promise<WebhookRow> {
  if (!isWebhookId(id)) throw new NotFoundError('webhook', id);
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (row === undefined) throw new NotFoundError('webhook', id);
  return row;
}
