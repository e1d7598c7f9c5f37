import {
  type NoViewersDecision,
  NoViewersReport,
  type StreamNotFoundDecision,
  StreamNotFoundReport,
} from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { decideNoViewers } from '../../../domain/streams/no-viewers.ts';
import { decideStreamNotFound } from '../../../domain/streams/stream-not-found.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/**
 * POST /node/v1/streams/not-found: players wait for a stream nobody feeds; pull, wait or fail?
 * POST /node/v1/streams/no-viewers: a stream has been unwatched for a while; close or keep?
 */
export function mountStreamReports(app: Hono<AppEnv>): void {
  app.post('/streams/not-found', async (c) => {
    const input = await parseJson(c, StreamNotFoundReport);
    const decision = await decideStreamNotFound({ ctx: serviceContext(c), input });
    return c.json(decision satisfies StreamNotFoundDecision);
  });
  app.post('/streams/no-viewers', async (c) => {
    const input = await parseJson(c, NoViewersReport);
    const decision = await decideNoViewers({ ctx: serviceContext(c), input });
    return c.json(decision satisfies NoViewersDecision);
  });
}
