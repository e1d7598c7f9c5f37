import type { AudioConfig, MediaFrame, StreamMetadata, VideoConfig } from './frame.ts';

/** What a decoder needs before the first frame: metadata and sequence headers. */
export interface StreamConfig {
  readonly metadata?: StreamMetadata;
  readonly video?: VideoConfig;
  readonly audio?: AudioConfig;
}

/**
 * One wire format (FLV tags, RTMP chunks, ...). Each frame is encoded once per format and the
 * resulting Buffer is shared by every reader of that format.
 */
export interface OutputFormat {
  readonly id: string;
  /** Metadata and sequence headers stamped `timestamp` (ms): the dts where they sit in the stream. */
  encodeConfig(config: StreamConfig, timestamp: number): Buffer;
  encodeFrame(frame: MediaFrame): Buffer;
}
