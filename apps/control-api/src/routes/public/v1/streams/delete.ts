import { CloseStreamResult, StreamListQuery, StreamPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { closeStream } from '../../../../domain/streams/close-stream.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams, parseQuery } from '../input.ts';

const CloseStreamQuery = StreamListQuery.pick({ vhost: true });

export const closeStreamDoc: RouteDoc = {
  method: 'delete',
  path: '/v1/streams/{app}/{stream}',
  tag: 'streams',
  summary: 'Close a live stream',
  description:
    'Disconnects the publisher and every player on each node holding the stream; `stream.unpublished` follows.',
  params: StreamPathParams,
  query: CloseStreamQuery,
  responses: { 200: { description: 'The nodes that closed it', schema: CloseStreamResult } },
  errors: [404, 503],
};

/** DELETE /v1/streams/{app}/{stream}: close it on its node(s). */
export function mountCloseStream(app: Hono<AppEnv>): void {
  app.delete('/:app/:stream{.+}', async (c) => {
    const { app: appName, stream } = parseParams(c, StreamPathParams);
    const { vhost } = parseQuery(c, CloseStreamQuery);
    const result = await closeStream({ ctx: serviceContext(c), app: appName, stream, vhost });
    return c.json(result satisfies CloseStreamResult);
  });
}
