import type { ErrorBody, ErrorCode } from '@mediaplane/protocol';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ServiceError } from '../domain/errors.ts';
import type { AppEnv } from '../hono-env.ts';

/** The HTTP status for each error code; exhaustive so a new code cannot ship unmapped. */
export function codeToStatus(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

/** Writes the one error shape `{ error: { code, message, requestId } }`. */
export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string): Response {
  const body: ErrorBody = { error: { code, message, requestId: c.var.requestId ?? 'unknown' } };
  return c.json(body, codeToStatus(code));
}

/** `app.onError`: domain errors keep their code; anything else is logged and hidden as INTERNAL. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ServiceError) return errorResponse(c, err.code, err.message);
  c.var.deps?.log.error('unhandled error', {
    requestId: c.var.requestId,
    method: c.req.method,
    path: c.req.path,
    err: err.stack ?? String(err),
  });
  return errorResponse(c, 'INTERNAL', 'internal error');
}
