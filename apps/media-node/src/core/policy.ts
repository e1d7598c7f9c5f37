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

/**
 * The node's only source of decisions. Both methods resolve when allowed and throw
 * AuthDeniedError or PolicyUnavailableError otherwise.
 */
export interface Policy {
  authorizePublish(req: AccessRequest): Promise<void>;
  authorizePlay(req: AccessRequest): Promise<void>;
}

/** Facts the node reports; fire-and-forget, never blocking media. */
export interface StreamEventSink {
  streamRegistered(key: StreamKey, tracks: ReadonlyArray<VideoConfig | AudioConfig>): void;
  streamUnregistered(key: StreamKey): void;
}
