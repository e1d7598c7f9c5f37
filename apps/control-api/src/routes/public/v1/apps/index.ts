import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { getPolicyDoc, mountGetPolicy } from './get-policy.ts';
import { mountPutPolicy, putPolicyDoc } from './put-policy.ts';

/** OpenAPI docs of /v1/apps. */
export const appsDocs: readonly RouteDoc[] = [getPolicyDoc, putPolicyDoc];

/** Per-app settings, mounted at /v1/apps. */
export function appsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountGetPolicy(app);
  mountPutPolicy(app);
  return app;
}
