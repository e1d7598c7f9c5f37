import {
  AuthDeniedError,
  PolicyUnavailableError,
  ProtocolError,
  StreamNotFoundError,
} from '../../core/errors.ts';

/** Maps the node's typed errors to an HTTP status; anything unknown is a 500. */
export function errorStatus(err: unknown): number {
  if (err instanceof AuthDeniedError) return 401;
  if (err instanceof StreamNotFoundError) return 404;
  if (err instanceof PolicyUnavailableError) return 503;
  if (err instanceof ProtocolError) return 400;
  return 500;
}
