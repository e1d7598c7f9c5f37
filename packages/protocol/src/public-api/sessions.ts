import { z } from 'zod';
import { SessionProtocol, StreamRef } from '../node-api/common.ts';
import { SessionRole } from '../node-api/sessions.ts';

/** An open publisher or player session, as `GET /v1/sessions` lists it. */
export const SessionInfo = StreamRef.extend({
  id: z.string().min(1),
  nodeId: z.string().min(1),
  protocol: SessionProtocol,
  role: SessionRole,
  ip: z.string(),
  startedAt: z.iso.datetime(),
});
/** An open session. */
export type SessionInfo = z.infer<typeof SessionInfo>;

/** GET /v1/sessions reply. */
export const SessionList = z.object({ data: z.array(SessionInfo) });
/** A list of open sessions. */
export type SessionList = z.infer<typeof SessionList>;

/** GET /v1/sessions query: optional filters by app and stream. */
export const SessionListQuery = z.object({
  app: z.string().min(1).optional(),
  stream: z.string().min(1).optional(),
});
/** Session list filters. */
export type SessionListQuery = z.infer<typeof SessionListQuery>;

/** Path parameters of DELETE /v1/sessions/{id}. */
export const SessionPathParams = z.object({ id: z.string().min(1).max(200) });
/** Session path parameters. */
export type SessionPathParams = z.infer<typeof SessionPathParams>;
