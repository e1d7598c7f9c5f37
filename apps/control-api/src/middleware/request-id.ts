import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../hono-env.ts';

const HEADER = 'x-request-id';
// A caller's id is kept for tracing only if it is short and printable, so logs cannot be forged.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (the caller's `x-request-id` when sane) and echoes it in the response. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header(HEADER);
  const id = given !== undefined && SAFE_ID.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  c.header(HEADER, id);
  await next();
});
