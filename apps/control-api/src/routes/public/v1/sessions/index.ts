import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { kickSessionDoc, mountDeleteSession } from './delete.ts';
import { listSessionsDoc, mountListSessions } from './list.ts';

/** OpenAPI docs of /v1/sessions. */
export const sessionsDocs: readonly RouteDoc[] = [listSessionsDoc, kickSessionDoc];

/** /v1/sessions: who is publishing and playing, and kicking them. */
export function sessionsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountListSessions(app);
  mountDeleteSession(app);
  return app;
}
