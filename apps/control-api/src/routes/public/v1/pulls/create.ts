import { CreatePullInput, PullInfo } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { createPull } from '../../../../domain/pulls/create-pull.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseJson } from '../../../validate.ts';

export const createPullDoc: RouteDoc = {
  method: 'post',
  path: '/v1/pulls',
  tag: 'pulls',
  summary: 'Add a pull source',
  description:
    'Where a node fetches `app/stream` from when a player asks for it (`stream: "*"` for every stream of the app). ' +
    'Schemes: rtmp, rtmps, http, https. Private, loopback and link-local hosts are refused unless the API allows them.',
  body: CreatePullInput,
  responses: { 201: { description: 'The stored source', schema: PullInfo } },
};

/** POST /v1/pulls. */
export function mountCreatePull(app: Hono<AppEnv>): void {
  app.post('/', async (c) => {
    const input = await parseJson(c, CreatePullInput);
    return c.json((await createPull({ ctx: serviceContext(c), input })) satisfies PullInfo, 201);
  });
}
