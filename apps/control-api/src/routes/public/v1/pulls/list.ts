import { PullList, PullListQuery } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listPulls } from '../../../../domain/pulls/list-pulls.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseQuery } from '../input.ts';

export const listPullsDoc: RouteDoc = {
  method: 'get',
  path: '/v1/pulls',
  tag: 'pulls',
  summary: 'List pull sources',
  query: PullListQuery,
  responses: { 200: { description: 'Sources, oldest first', schema: PullList } },
};

/** GET /v1/pulls?app=. */
export function mountListPulls(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { app: appName } = parseQuery(c, PullListQuery);
    return c.json({ data: await listPulls({ ctx: serviceContext(c), app: appName }) } satisfies PullList);
  });
}
