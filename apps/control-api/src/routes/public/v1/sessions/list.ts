import { SessionList, SessionListQuery } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listOpenSessions } from '../../../../domain/sessions/list-sessions.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseQuery } from '../input.ts';

export const listSessionsDoc: RouteDoc = {
  method: 'get',
  path: '/v1/sessions',
  tag: 'sessions',
  summary: 'List open sessions',
  description: 'Every publisher and player connected now, oldest first; narrow by app and stream.',
  query: SessionListQuery,
  responses: { 200: { description: 'Open sessions', schema: SessionList } },
};

/** GET /v1/sessions?app=&stream=: open publisher and player sessions. */
export function mountListSessions(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const filter = parseQuery(c, SessionListQuery);
    const data = await listOpenSessions({ ctx: serviceContext(c), filter });
    return c.json({ data } satisfies SessionList);
  });
}
