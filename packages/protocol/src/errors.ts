import { z } from 'zod';

/** Every error code the control API returns; media nodes branch on these, never on HTTP status text. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
]);
/** One of the control API's error codes. */
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one JSON error shape: `{ "error": { "code", "message", "requestId" } }`. */
export const ErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), requestId: z.string() }),
});
/** Parsed error body. */
export type ErrorBody = z.infer<typeof ErrorBody>;
