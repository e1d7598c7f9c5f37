import type { Logger } from '../log.ts';
import type { Stream, StreamSource } from './stream.ts';

/** What a pull client feeds: the node created `stream` for it and decides what its end means. */
export interface PullFeed {
  readonly stream: Stream;
  /** How long the held players wait for this stream: a source silent for that long is still given a chance. */
  readonly firstDataWithinMs?: number;
  /** Call once, when the first media frame has been pushed: held players start now. */
  ready(): void;
  /** Call once, when the remote source ends or fails (not after `close()`); `reason` is safe to log. */
  ended(reason: string): void;
}

/**
 * Starts pulling `url` (rtmp, rtmps, http or https FLV) into `feed.stream` and returns at once;
 * the returned source's `close()` stops the pull. Failures are reported through `feed.ended`.
 */
export type PullStarter = (url: string, feed: PullFeed, log: Logger) => StreamSource;
