import { z } from 'zod';
import { SessionProtocol, StreamRef } from './common.ts';

// Durations are bounded to a day: larger values are always a unit mistake (seconds for milliseconds).
const Millis = z.number().int().min(0).max(86_400_000);

/** The app's lifecycle settings, carried on every allowed decision so nodes hold no policy of their own. */
export const StreamLifecycle = z.object({
  /** How long a player for a missing stream is held before not-found. */
  maxStreamWaitMs: Millis,
  /** How long a stream may have no readers before the node reports it. */
  noneReaderDelayMs: Millis,
  /** How long a stream outlives a publisher that dropped abnormally, waiting for it to come back. */
  continuePushMs: Millis,
  /** Whether `continuePushMs` also applies after a clean unpublish (RTMP deleteStream/FCUnpublish). */
  continueOnCleanStop: z.boolean(),
});
/** Lifecycle settings of a stream. */
export type StreamLifecycle = z.infer<typeof StreamLifecycle>;

/** POST /node/v1/streams/not-found body: a player asked for a stream this node does not have. Once per miss. */
export const StreamNotFoundReport = StreamRef.extend({
  nodeId: z.string().min(1),
  /** The protocol of the first player that missed. */
  protocol: SessionProtocol,
  /** That player's query string, e.g. a device id the business app needs. */
  params: z.record(z.string(), z.string()).default({}),
});
/** A stream-not-found report. */
export type StreamNotFoundReport = z.infer<typeof StreamNotFoundReport>;

/** What a miss means: keep holding the players, pull the stream from `url`, or fail the players now. */
export const StreamNotFoundDecision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('wait') }),
  z.object({
    action: z.literal('pull'),
    /** rtmp(s) or http(s) FLV URL, already checked by the control API. */
    url: z.string().min(1).max(2048),
    /** The persisted pull source it came from, when it came from one. */
    pullId: z.string().optional(),
  }),
  z.object({ action: z.literal('fail'), reason: z.string().max(200).optional() }),
]);
/** A stream-not-found decision. */
export type StreamNotFoundDecision = z.infer<typeof StreamNotFoundDecision>;

/** How a stream is fed: a publishing client, or a pull started by the node. */
export const StreamSourceKind = z.enum(['publisher', 'pull']);
/** A stream source kind. */
export type StreamSourceKind = z.infer<typeof StreamSourceKind>;

/** POST /node/v1/streams/no-viewers body: the stream has had zero readers for `idleMs`; repeats while kept. */
export const NoViewersReport = StreamRef.extend({
  nodeId: z.string().min(1),
  /** How long the stream has been unwatched (or, if it never had a reader, how long it has been live). */
  idleMs: z.number().int().nonnegative(),
  source: StreamSourceKind,
});
/** A no-viewers report. */
export type NoViewersReport = z.infer<typeof NoViewersReport>;

/** The control API's answer: stop the stream's publisher or pull, or keep it (the node asks again later). */
export const NoViewersDecision = z.object({ action: z.enum(['close', 'keep']) });
/** A no-viewers decision. */
export type NoViewersDecision = z.infer<typeof NoViewersDecision>;
