import { createMiddleware } from 'hono/factory';
import { UnauthorizedError } from '../domain/errors.ts';
import type { AppEnv } from '../hono-env.ts';

/** Requires `Authorization: Bearer <nodeSecret>` when a node secret is configured; open otherwise. */
export const nodeAuth = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.var.deps.nodeSecret;
  if (secret !== undefined) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match === null || !(await sameSecret(match[1]!, secret)))
      throw new UnauthorizedError('invalid node secret');
  }
  await next();
});

// Compares digests so the time taken reveals neither the secret's length nor a matching prefix.
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(given)),
    crypto.subtle.digest('SHA-256', enc.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
