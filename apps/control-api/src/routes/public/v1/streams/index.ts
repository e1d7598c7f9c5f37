import { Hono } from 'hono';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { closeStreamDoc, mountCloseStream } from './delete.ts';
import { getStreamDoc, mountGetStream } from './get.ts';
import { listStreamsDoc, mountListStreams } from './list.ts';

/** OpenAPI docs of /v1/streams. */
export const streamsDocs: readonly RouteDoc[] = [listStreamsDoc, getStreamDoc, closeStreamDoc];

/** The public streams resource, mounted at /v1/streams. */
export function streamsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mountListStreams(app);
  mountGetStream(app);
  mountCloseStream(app);
  return app;
}
