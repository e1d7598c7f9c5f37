import { AuthorizeRequest } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { authorize } from '../../../domain/streams/authorize.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/** POST /node/v1/authorize: a node asks whether a session may publish or play. */
export function mountAuthorize(app: Hono<AppEnv>): void {
  app.post('/authorize', async (c) => {
    const input = await parseJson(c, AuthorizeRequest);
    return c.json(await authorize({ ctx: serviceContext(c), input }));
  });
}
