import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { createTokenDoc, mountCreateToken } from './create.ts';

/** OpenAPI docs of /v1/tokens. */
export const tokensDocs: readonly RouteDoc[] = [createTokenDoc];

/** Play/publish tokens, mounted at /v1/tokens. */
export function tokensRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountCreateToken(app);
  return app;
}
