import { WebhookList } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listWebhooks } from '../../../../domain/webhooks/list-webhooks.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';

export const listWebhooksDoc: RouteDoc = {
  method: 'get',
  path: '/v1/webhooks',
  tag: 'webhooks',
  summary: 'List webhooks (never their secrets)',
  responses: { 200: { description: 'Every webhook, oldest first', schema: WebhookList } },
};

/** GET /v1/webhooks. */
export function mountListWebhooks(app: Hono<AppEnv>): void {
  app.get('/', async (c) =>
    c.json({ data: await listWebhooks({ ctx: serviceContext(c) }) } satisfies WebhookList),
  );
}
