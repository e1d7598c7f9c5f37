import { Heartbeat, type HeartbeatResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { recordHeartbeat } from '../../../domain/nodes/record-heartbeat.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/** POST /node/v1/heartbeat: a node is alive; its load and its streams' audience. */
export function mountHeartbeat(app: Hono<AppEnv>): void {
  app.post('/heartbeat', async (c) => {
    const input = await parseJson(c, Heartbeat);
    await recordHeartbeat({ ctx: serviceContext(c), input });
    return c.json({ ok: true } satisfies HeartbeatResult);
  });
}
