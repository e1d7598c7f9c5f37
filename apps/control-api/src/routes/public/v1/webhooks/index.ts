import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { createWebhookDoc, mountCreateWebhook } from './create.ts';
import { deleteWebhookDoc, mountDeleteWebhook } from './delete.ts';
import { listDeliveriesDoc, mountListDeliveries } from './deliveries.ts';
import { listWebhooksDoc, mountListWebhooks } from './list.ts';

/** OpenAPI docs of /v1/webhooks. */
export const webhooksDocs: readonly RouteDoc[] = [
  createWebhookDoc,
  listWebhooksDoc,
  deleteWebhookDoc,
  listDeliveriesDoc,
];

/** /v1/webhooks: subscriptions and their deliveries. */
export function webhooksRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountCreateWebhook(app);
  mountListWebhooks(app);
  mountDeleteWebhook(app);
  mountListDeliveries(app);
  return app;
}
