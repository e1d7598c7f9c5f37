import { NodeList } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listNodes } from '../../../../domain/nodes/list-nodes.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';

export const listNodesDoc: RouteDoc = {
  method: 'get',
  path: '/v1/nodes',
  tag: 'nodes',
  summary: 'List media nodes',
  description: 'Every node that has talked to this API, with its URLs, version, last heartbeat and load.',
  responses: { 200: { description: 'Nodes by id', schema: NodeList } },
};

/** GET /v1/nodes. */
export function mountListNodes(app: Hono<AppEnv>): void {
  app.get('/', async (c) => c.json({ data: await listNodes({ ctx: serviceContext(c) }) } satisfies NodeList));
}
