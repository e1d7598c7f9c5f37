import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { createPullDoc, mountCreatePull } from './create.ts';
import { deletePullDoc, mountDeletePull } from './delete.ts';
import { listPullsDoc, mountListPulls } from './list.ts';

/** OpenAPI docs of /v1/pulls. */
export const pullsDocs: readonly RouteDoc[] = [createPullDoc, listPullsDoc, deletePullDoc];

/** Persisted pull sources, mounted at /v1/pulls. */
export function pullsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountCreatePull(app);
  mountListPulls(app);
  mountDeletePull(app);
  return app;
}
