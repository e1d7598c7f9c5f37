import { StreamList, StreamListQuery } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { listStreams } from '../../../../domain/streams/list-streams.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseQuery } from '../input.ts';

export const listStreamsDoc: RouteDoc = {
  method: 'get',
  path: '/v1/streams',
  tag: 'streams',
  summary: 'List live streams',
  description: 'One entry per node holding a stream, with tracks, reader counts and ingest bitrate.',
  query: StreamListQuery,
  responses: { 200: { description: 'Live streams, oldest first', schema: StreamList } },
};

/** GET /v1/streams: every live stream, optionally of one vhost or app. */
export function mountListStreams(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const filter = parseQuery(c, StreamListQuery);
    return c.json({ data: await listStreams({ ctx: serviceContext(c), filter }) } satisfies StreamList);
  });
}
