import { StreamList, StreamListQuery, StreamPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { NotFoundError } from '../../../../domain/errors.ts';
import { listStreams } from '../../../../domain/streams/list-streams.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams, parseQuery } from '../input.ts';

const GetStreamQuery = StreamListQuery.pick({ vhost: true });

export const getStreamDoc: RouteDoc = {
  method: 'get',
  path: '/v1/streams/{app}/{stream}',
  tag: 'streams',
  summary: 'Get one live stream',
  description: 'Every node holding the stream (usually one). The stream name may contain slashes.',
  params: StreamPathParams,
  query: GetStreamQuery,
  responses: { 200: { description: 'The stream on each node holding it', schema: StreamList } },
  errors: [404],
};

/** GET /v1/streams/{app}/{stream}: the stream on each node that holds it; 404 when none does. */
export function mountGetStream(app: Hono<AppEnv>): void {
  app.get('/:app/:stream{.+}', async (c) => {
    const { app: appName, stream } = parseParams(c, StreamPathParams);
    const { vhost } = parseQuery(c, GetStreamQuery);
    const data = await listStreams({ ctx: serviceContext(c), filter: { vhost, app: appName, stream } });
    if (data.length === 0) throw new NotFoundError('stream', `${appName}/${stream}`);
    return c.json({ data } satisfies StreamList);
  });
}
