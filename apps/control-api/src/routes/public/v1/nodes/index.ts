import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { listNodesDoc, mountListNodes } from './list.ts';

/** OpenAPI docs of /v1/nodes. */
export const nodesDocs: readonly RouteDoc[] = [listNodesDoc];

/** The node registry, mounted at /v1/nodes. */
export function nodesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountListNodes(app);
  return app;
}
