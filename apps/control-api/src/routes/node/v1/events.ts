import { NodeEvent, type NodeEventResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { applyNodeEvent } from '../../../domain/streams/apply-event.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/** POST /node/v1/events: a node reports a stream fact. */
export function mountEvents(app: Hono<AppEnv>): void {
  app.post('/events', async (c) => {
    const input = await parseJson(c, NodeEvent);
    const applied = await applyNodeEvent({ ctx: serviceContext(c), input });
    return c.json({ ok: true, applied } satisfies NodeEventResult);
  });
}
