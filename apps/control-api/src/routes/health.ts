import type { Health } from '@mediaplane/protocol';
import { Hono } from 'hono';
import type { AppEnv } from '../hono-env.ts';

/** GET /health: the process answers. */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ ok: true } satisfies Health));
