import { SessionPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { kickSession } from '../../../../domain/sessions/kick-session.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams } from '../input.ts';

export const kickSessionDoc: RouteDoc = {
  method: 'delete',
  path: '/v1/sessions/{id}',
  tag: 'sessions',
  summary: 'Kick a session',
  description:
    'Disconnects the publisher or player now, on the node holding it; `session.ended` follows with its flow report.',
  params: SessionPathParams,
  responses: { 204: { description: 'Disconnected' } },
  errors: [404, 503],
};

/** DELETE /v1/sessions/{id}: disconnect a publisher or player. */
export function mountDeleteSession(app: Hono<AppEnv>): void {
  app.delete('/:id', async (c) => {
    const { id } = parseParams(c, SessionPathParams);
    await kickSession({ ctx: serviceContext(c), id });
    return c.body(null, 204);
  });
}
