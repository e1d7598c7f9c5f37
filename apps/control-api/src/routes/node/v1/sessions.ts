import { SessionEvents, type SessionEventsResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { applySessionEvents } from '../../../domain/sessions/apply-session-event.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/** POST /node/v1/sessions: a node reports sessions starting and ending (the flow report). */
export function mountSessions(app: Hono<AppEnv>): void {
  app.post('/sessions', async (c) => {
    const input = await parseJson(c, SessionEvents);
    const applied = await applySessionEvents({ ctx: serviceContext(c), input });
    return c.json({ ok: true, applied } satisfies SessionEventsResult);
  });
}
