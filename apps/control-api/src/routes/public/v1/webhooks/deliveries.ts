import { WebhookDeliveryList, WebhookDeliveryListQuery, WebhookPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listDeliveries } from '../../../../domain/webhooks/list-deliveries.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams, parseQuery } from '../input.ts';

export const listDeliveriesDoc: RouteDoc = {
  method: 'get',
  path: '/v1/webhooks/{id}/deliveries',
  tag: 'webhooks',
  summary: "A webhook's deliveries, latest first, with every attempt",
  params: WebhookPathParams,
  query: WebhookDeliveryListQuery,
  responses: { 200: { description: 'Deliveries', schema: WebhookDeliveryList } },
  errors: [404],
};

/** GET /v1/webhooks/{id}/deliveries. */
export function mountListDeliveries(app: Hono<AppEnv>): void {
  app.get('/:id/deliveries', async (c) => {
    const { id } = parseParams(c, WebhookPathParams);
    const { limit } = parseQuery(c, WebhookDeliveryListQuery);
    const data = await listDeliveries({ ctx: serviceContext(c), webhookId: id, limit });
    return c.json({ data } satisfies WebhookDeliveryList);
  });
}
