import { z } from 'zod';
import { SessionProtocol, StreamRef } from './common.ts';
import { StreamLifecycle } from './lifecycle.ts';

/** POST /node/v1/authorize body: may this session publish or play this stream? */
export const AuthorizeRequest = StreamRef.extend({
  nodeId: z.string().min(1),
  action: z.enum(['publish', 'play']),
  protocol: SessionProtocol,
  sessionId: z.string().min(1),
  ip: z.string(),
  /** The client's query string, e.g. `token`. */
  params: z.record(z.string(), z.string()).default({}),
});
/** An authorize request. */
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;

/** The control API's decision; `reason` is safe to log, never a secret. */
export const AuthorizeDecision = z.object({
  allow: z.boolean(),
  reason: z.string().optional(),
  /** On allow: the app's lifecycle settings for this stream. Absent from older APIs; nodes then use their config. */
  lifecycle: StreamLifecycle.optional(),
});
/** An authorize decision. */
export type AuthorizeDecision = z.infer<typeof AuthorizeDecision>;
