import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './hono-env.ts';
import { errorResponse, onError } from './middleware/error-handler.ts';
import { requestId } from './middleware/request-id.ts';
import { docsRoutes } from './openapi/routes.ts';
import { healthRoutes } from './routes/health.ts';
import { nodeV1Routes } from './routes/node/v1/index.ts';
import { publicV1Routes } from './routes/public/v1/index.ts';

export type { AppDeps, AppEnv } from './hono-env.ts';

/** Builds the control API; runtime-free, so any entry (Node, workers, tests) can serve it. */
export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.route('/health', healthRoutes);
  app.route('/node/v1', nodeV1Routes());
  app.route('/v1', publicV1Routes());
  app.route('/', docsRoutes());
  app.notFound((c) => errorResponse(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`));
  app.onError(onError);
  return app;
}
