import { CreateTokenInput, CreateTokenResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { mintToken } from '../../../../domain/tokens/mint-token.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseJson } from '../../../validate.ts';

export const createTokenDoc: RouteDoc = {
  method: 'post',
  path: '/v1/tokens',
  tag: 'tokens',
  summary: 'Mint a play or publish token',
  description:
    'For apps whose policy is `token`: the client appends `?token=<token>` to the stream URL, e.g. ' +
    '`rtmp://host/live/cam?token=...` or `http://host/live/cam.live.flv?token=...`.',
  body: CreateTokenInput,
  responses: { 201: { description: 'The token and when it expires', schema: CreateTokenResult } },
};

/** POST /v1/tokens. */
export function mountCreateToken(app: Hono<AppEnv>): void {
  app.post('/', async (c) => {
    const input = await parseJson(c, CreateTokenInput);
    const result = await mintToken({ ctx: serviceContext(c), input });
    return c.json(result satisfies CreateTokenResult, 201);
  });
}
