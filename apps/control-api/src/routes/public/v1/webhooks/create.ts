import { CreatedWebhook, CreateWebhookRequest } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { createWebhook } from '../../../../domain/webhooks/create-webhook.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseJson } from '../../../validate.ts';

export const createWebhookDoc: RouteDoc = {
  method: 'post',
  path: '/v1/webhooks',
  tag: 'webhooks',
  summary: 'Subscribe a URL to events',
  description:
    'Events are POSTed as JSON `{ id, type, createdAt, data }` with `Mediaplane-Signature: t=<unix seconds>,v1=<hex ' +
    'HMAC-SHA256(secret, "<t>.<raw body>")>`, retried with backoff for at least 24 h until a 2xx; dedupe on `id`. ' +
    'A 32-byte hex secret is generated when none is given and shown only in this reply. Private, loopback and ' +
    'link-local hosts are refused unless the API allows them.',
  body: CreateWebhookRequest,
  responses: { 201: { description: 'The webhook, with its secret', schema: CreatedWebhook } },
};

/** POST /v1/webhooks. */
export function mountCreateWebhook(app: Hono<AppEnv>): void {
  app.post('/', async (c) => {
    const input = await parseJson(c, CreateWebhookRequest);
    return c.json((await createWebhook({ ctx: serviceContext(c), input })) satisfies CreatedWebhook, 201);
  });
}
