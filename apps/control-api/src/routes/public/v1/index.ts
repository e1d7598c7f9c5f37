import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BadRequestError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { apiKeyAuth } from '../../../middleware/api-key-auth.ts';
import type { RouteDoc } from '../../../openapi/route-doc.ts';
import { appsDocs, appsRoutes } from './apps/index.ts';
import { nodesDocs, nodesRoutes } from './nodes/index.ts';
import { pullsDocs, pullsRoutes } from './pulls/index.ts';
import { sessionsDocs, sessionsRoutes } from './sessions/index.ts';
import { streamsDocs, streamsRoutes } from './streams/index.ts';
import { tokensDocs, tokensRoutes } from './tokens/index.ts';
import { webhooksDocs, webhooksRoutes } from './webhooks/index.ts';

/** Largest /v1 request body; the biggest legitimate one (a policy, a webhook) is well under 1 KiB. */
export const PUBLIC_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * OpenAPI docs of the /v1 routes. A resource without docs still shows up in /openapi.json, marked
 * `x-undocumented`; add its RouteDocs here to describe its inputs and replies.
 */
export const v1RouteDocs: readonly RouteDoc[] = [
  ...streamsDocs,
  ...appsDocs,
  ...tokensDocs,
  ...nodesDocs,
  ...pullsDocs,
  ...webhooksDocs,
  ...sessionsDocs,
];

/** The business-app REST API, mounted at /v1; every route needs an API key, checked before any input. */
export function publicV1Routes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', apiKeyAuth);
  app.use(
    '*',
    bodyLimit({
      maxSize: PUBLIC_BODY_LIMIT_BYTES,
      onError: () => {
        throw new BadRequestError(`request body exceeds ${PUBLIC_BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );
  app.route('/streams', streamsRoutes());
  app.route('/webhooks', webhooksRoutes());
  app.route('/sessions', sessionsRoutes());
  app.route('/apps', appsRoutes());
  app.route('/tokens', tokensRoutes());
  app.route('/nodes', nodesRoutes());
  app.route('/pulls', pullsRoutes());
  return app;
}
