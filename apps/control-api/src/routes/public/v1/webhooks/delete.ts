import { WebhookPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { deleteWebhook } from '../../../../domain/webhooks/delete-webhook.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams } from '../input.ts';

export const deleteWebhookDoc: RouteDoc = {
  method: 'delete',
  path: '/v1/webhooks/{id}',
  tag: 'webhooks',
  summary: 'Delete a webhook and its delivery history',
  params: WebhookPathParams,
  responses: { 204: { description: 'Deleted; pending deliveries are dropped' } },
  errors: [404],
};

/** DELETE /v1/webhooks/{id}. */
export function mountDeleteWebhook(app: Hono<AppEnv>): void {
  app.delete('/:id', async (c) => {
    const { id } = parseParams(c, WebhookPathParams);
    await deleteWebhook({ ctx: serviceContext(c), id });
    return c.body(null, 204);
  });
}
