import { z } from 'zod';
import { SessionProtocol, StreamRef } from './common.ts';

/** What a session does on its stream. */
export const SessionRole = z.enum(['publisher', 'player']);
/** A session's role. */
export type SessionRole = z.infer<typeof SessionRole>;

const SessionFacts = StreamRef.extend({
  /** The node's id for the session; the same id it sent to /node/v1/authorize. */
  sessionId: z.string().min(1),
  protocol: SessionProtocol,
  role: SessionRole,
  ip: z.string(),
  /** When publishing or playing started, by the node's clock. */
  startedAt: z.iso.datetime(),
});

/** A publisher started publishing or a player started playing. */
export const SessionStarted = SessionFacts.extend({
  type: z.literal('session.started'),
  at: z.iso.datetime(),
});
/** A session.started event. */
export type SessionStarted = z.infer<typeof SessionStarted>;

/** The flow report: a session ended, with what it moved. Carries every started fact, so it stands alone. */
export const SessionEnded = SessionFacts.extend({
  type: z.literal('session.ended'),
  at: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** Why it ended, e.g. `peer closed`; safe to show. */
  reason: z.string().max(200).optional(),
});
/** A session.ended event. */
export type SessionEnded = z.infer<typeof SessionEnded>;

/** One session fact reported by a node. */
export const SessionEvent = z.discriminatedUnion('type', [SessionStarted, SessionEnded]);
/** A session event. */
export type SessionEvent = z.infer<typeof SessionEvent>;

/** Most session events one request may carry. */
export const MAX_SESSION_EVENTS = 500;

/** POST /node/v1/sessions body: session facts in the order they happened (a burst of players is one request). */
export const SessionEvents = z.object({
  nodeId: z.string().min(1),
  events: z.array(SessionEvent).min(1).max(MAX_SESSION_EVENTS),
});
/** A batch of session events. */
export type SessionEvents = z.infer<typeof SessionEvents>;

/** Reply to a batch: per event, whether it changed anything (false for a replay). */
export const SessionEventsResult = z.object({ ok: z.literal(true), applied: z.array(z.boolean()) });
/** A session events reply. */
export type SessionEventsResult = z.infer<typeof SessionEventsResult>;
