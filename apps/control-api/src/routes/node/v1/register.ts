import { RegisterNode, type RegisterNodeResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { registerNode } from '../../../domain/nodes/register-node.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { serviceContext } from '../../context.ts';
import { parseJson } from '../../validate.ts';

/** POST /node/v1/register: a node announces itself and the streams it holds. */
export function mountRegister(app: Hono<AppEnv>): void {
  app.post('/register', async (c) => {
    const input = await parseJson(c, RegisterNode);
    await registerNode({ ctx: serviceContext(c), input });
    return c.json({ ok: true } satisfies RegisterNodeResult);
  });
}
