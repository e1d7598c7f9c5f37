import type { ErrorCode } from '@mediaplane/protocol';

/** Base of every error the domain throws on purpose; the HTTP edge maps `code` to a status. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Input failed validation; the message names the field. */
export class BadRequestError extends ServiceError {
  override name = 'BadRequestError';
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** The caller did not prove who it is. */
export class UnauthorizedError extends ServiceError {
  override name = 'UnauthorizedError';
  constructor(message = 'missing or invalid credentials') {
    super('UNAUTHORIZED', message);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends ServiceError {
  override name = 'ForbiddenError';
  constructor(message = 'forbidden') {
    super('FORBIDDEN', message);
  }
}

/** A named entity does not exist. */
export class NotFoundError extends ServiceError {
  override name = 'NotFoundError';
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} '${id}' not found`);
  }
}

/** The request conflicts with current state. */
export class ConflictError extends ServiceError {
  override name = 'ConflictError';
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
