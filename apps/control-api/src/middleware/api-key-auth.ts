import { createMiddleware } from 'hono/factory';
import { verifyApiKey } from '../domain/api-keys/verify-api-key.ts';
import { UnauthorizedError } from '../domain/errors.ts';
import type { AppEnv } from '../hono-env.ts';
import { serviceContext } from '../routes/context.ts';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Requires `Authorization: Bearer <api key>` naming an unrevoked key; checked before any input. */
export const apiKeyAuth = createMiddleware<AppEnv>(async (c, next) => {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  if (match === null) throw new UnauthorizedError('missing API key: send Authorization: Bearer <api key>');
  const identity = await verifyApiKey({ ctx: serviceContext(c), key: match[1]! });
  if (identity === undefined) throw new UnauthorizedError('invalid or revoked API key');
  await next();
});
