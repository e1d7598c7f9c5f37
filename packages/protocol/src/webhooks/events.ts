import { z } from 'zod';
import { SessionProtocol, StreamRef, Track } from '../node-api/common.ts';
import { StreamSourceKind } from '../node-api/lifecycle.ts';
import { SessionRole } from '../node-api/sessions.ts';

/** Event types a webhook can subscribe to; additive only. */
export const WebhookEventType = z.enum([
  'stream.published',
  'stream.unpublished',
  'session.started',
  'session.ended',
  'node.online',
  'node.offline',
  'stream.not_found',
  'stream.no_viewers',
]);
/** A webhook event type. */
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** `stream.published` / `stream.unpublished` data: the stream, the node holding it and its tracks. */
export const StreamEventData = StreamRef.extend({
  nodeId: z.string().min(1),
  tracks: z.array(Track),
});
/** Data of a stream event. */
export type StreamEventData = z.infer<typeof StreamEventData>;

/** `session.started` data: who started publishing or playing what, where, over which protocol. */
export const SessionStartedData = StreamRef.extend({
  sessionId: z.string().min(1),
  nodeId: z.string().min(1),
  protocol: SessionProtocol,
  role: SessionRole,
  ip: z.string(),
  startedAt: z.iso.datetime(),
});
/** Data of a session.started event. */
export type SessionStartedData = z.infer<typeof SessionStartedData>;

/** `session.ended` data: the started facts plus the flow report (bytes moved, duration). */
export const SessionEndedData = SessionStartedData.extend({
  endedAt: z.iso.datetime(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** Why it ended, e.g. `peer closed`; safe to show. */
  reason: z.string().optional(),
});
/** Data of a session.ended event. */
export type SessionEndedData = z.infer<typeof SessionEndedData>;

/** `node.online` / `node.offline` data. */
export const NodeEventData = z.object({ nodeId: z.string().min(1) });
/** Data of a node event. */
export type NodeEventData = z.infer<typeof NodeEventData>;

/** `stream.not_found` data: a player asked a node for a stream nobody publishes, and what the API decided. */
export const StreamNotFoundData = StreamRef.extend({
  nodeId: z.string().min(1),
  protocol: SessionProtocol,
  /** `pull`: a pull was started; `fail`: players were refused; `wait`: players are held (wake a device now). */
  decision: z.enum(['wait', 'pull', 'fail']),
});
/** Data of a stream.not_found event. */
export type StreamNotFoundData = z.infer<typeof StreamNotFoundData>;

/** `stream.no_viewers` data: a stream has had no readers for `idleMs`, and what the API decided. */
export const StreamNoViewersData = StreamRef.extend({
  nodeId: z.string().min(1),
  idleMs: z.number().int().nonnegative(),
  source: StreamSourceKind,
  decision: z.enum(['close', 'keep']),
});
/** Data of a stream.no_viewers event. */
export type StreamNoViewersData = z.infer<typeof StreamNoViewersData>;

/** The data schema of each event type. */
export const WEBHOOK_EVENT_DATA = {
  'stream.published': StreamEventData,
  'stream.unpublished': StreamEventData,
  'session.started': SessionStartedData,
  'session.ended': SessionEndedData,
  'node.online': NodeEventData,
  'node.offline': NodeEventData,
  'stream.not_found': StreamNotFoundData,
  'stream.no_viewers': StreamNoViewersData,
} as const satisfies Record<WebhookEventType, z.ZodType>;

/** The data type of each event type, e.g. `WebhookEventData['node.online']`. */
export type WebhookEventData = {
  [K in WebhookEventType]: z.infer<(typeof WEBHOOK_EVENT_DATA)[K]>;
};

const envelope = <T extends WebhookEventType>(type: T) =>
  z.object({
    /** The event's id, the same on every retry and for every webhook: receivers dedupe on it. */
    id: z.uuid(),
    type: z.literal(type),
    createdAt: z.iso.datetime({ offset: true }),
    data: WEBHOOK_EVENT_DATA[type],
  });

/** The JSON body POSTed to a webhook URL: `{ id, type, createdAt, data }`. */
export const WebhookEvent = z.discriminatedUnion('type', [
  envelope('stream.published'),
  envelope('stream.unpublished'),
  envelope('session.started'),
  envelope('session.ended'),
  envelope('node.online'),
  envelope('node.offline'),
  envelope('stream.not_found'),
  envelope('stream.no_viewers'),
]);
/** A webhook delivery body. */
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Any delivery body, including types added after this version: what a forward-compatible receiver parses first. */
export const WebhookEnvelope = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});
/** A delivery body of any type. */
export type WebhookEnvelope = z.infer<typeof WebhookEnvelope>;
