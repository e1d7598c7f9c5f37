import type { CreatedWebhook, CreateWebhookRequest } from '@mediaplane/protocol';
import { webhooks } from '../../db/schema/webhooks.ts';
import type { ServiceContext } from '../context.ts';
import { BadRequestError } from '../errors.ts';
import { checkWebhookUrl } from './check-url.ts';

/** 32 random bytes as hex (Web Crypto, so it runs on every runtime). */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Subscribes a URL to event types; the reply is the only time the secret is shown. */
export async function createWebhook({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateWebhookRequest;
}): Promise<CreatedWebhook> {
  const checked = checkWebhookUrl(input.url, { allowPrivate: ctx.allowPrivateWebhookUrls === true });
  if (!checked.ok) throw new BadRequestError(`invalid request: 'url': ${checked.reason}`);
  const secret = input.secret ?? generateWebhookSecret();
  const [row] = await ctx.db
    .insert(webhooks)
    .values({ url: checked.url, events: input.events, secret, createdAt: ctx.now() })
    .returning();
  ctx.log.info('webhook created', { id: row!.id, events: row!.events, requestId: ctx.requestId });
  return {
    id: row!.id,
    url: row!.url,
    events: row!.events,
    createdAt: row!.createdAt.toISOString(),
    secret,
  };
}
