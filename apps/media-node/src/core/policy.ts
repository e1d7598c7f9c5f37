import type { AudioConfig, VideoConfig } from './frame.ts';
import type { StreamKey, StreamRequest } from './stream-key.ts';

/** Names the protocol a session speaks, for policy and reader counts. */
export type SessionProtocol = 'rtmp' | 'http-flv' | 'ws-flv';

/** What a session asks the control API before any media moves. */
export interface AccessRequest extends StreamRequest {
  readonly protocol: SessionProtocol;
  readonly sessionId: string;
  readonly ip: string;
}

/** The app's lifecycle settings for a stream, as an allowed decision carries them. */
export interface StreamLifecycle {
  /** How long a player for a missing stream is held before not-found. */
  readonly maxStreamWaitMs: number;
  /** How long a stream may have no readers before it is reported (0: never). */
  readonly noneReaderDelayMs: number;
  /** How long a stream outlives a publisher that dropped abnormally (0: not at all). */
  readonly continuePushMs: number;
  /** Whether `continuePushMs` also applies after a clean unpublish. */
  readonly continueOnCleanStop: boolean;
}

/** A player asked for a stream this node does not have; reported once per miss. */
export interface StreamNotFoundReport extends StreamRequest {
  /** The protocol of the first player that missed. */
  readonly protocol: SessionProtocol;
}

/** What a miss means: keep holding the players, pull the stream from `url`, or fail the players now. */
export type StreamNotFoundDecision =
  | { readonly action: 'wait' }
  | { readonly action: 'pull'; readonly url: string; readonly pullId?: string | undefined }
  | { readonly action: 'fail'; readonly reason?: string | undefined };

/** How a stream is fed: a publishing client, or a pull the node started. */
export type StreamSourceKind = 'publisher' | 'pull';

/** A stream has had no readers for `idleMs` (or, never watched, been live that long). */
export interface NoViewersReport extends StreamKey {
  readonly idleMs: number;
  readonly source: StreamSourceKind;
}

/** Stop the stream's publisher or pull, or keep it (it is reported again later). */
export interface NoViewersDecision {
  readonly action: 'close' | 'keep';
}

/**
 * The node's only source of decisions. The authorize methods resolve with the app's lifecycle
 * settings (undefined from an API that sends none) when allowed, and throw AuthDeniedError or
 * PolicyUnavailableError otherwise. The report methods never throw: an API that cannot answer
 * means `wait` and `keep`.
 */
export interface Policy {
  authorizePublish(req: AccessRequest): Promise<StreamLifecycle | undefined>;
  authorizePlay(req: AccessRequest): Promise<StreamLifecycle | undefined>;
  streamNotFound(report: StreamNotFoundReport): Promise<StreamNotFoundDecision>;
  noViewers(report: NoViewersReport): Promise<NoViewersDecision>;
}

/** Facts the node reports; fire-and-forget, never blocking media. */
export interface StreamEventSink {
  streamRegistered(key: StreamKey, tracks: ReadonlyArray<VideoConfig | AudioConfig>): void;
  streamUnregistered(key: StreamKey): void;
}
