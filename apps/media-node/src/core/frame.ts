/** Video codecs the frame model knows; H.265 is typed now and carried by later protocols. */
export type VideoCodec = 'h264' | 'h265';
/** Audio codecs the frame model knows; Opus is typed now for WebRTC later. */
export type AudioCodec = 'aac' | 'opus';

/** One timed access unit, protocol-agnostic. Times are milliseconds on the stream's timeline. */
export type MediaFrame = VideoFrame | AudioFrame;

/** An H.264/H.265 access unit as 4-byte length-prefixed NAL units (AVCC/HVCC form). */
export interface VideoFrame {
  readonly kind: 'video';
  readonly codec: VideoCodec;
  readonly dts: number;
  readonly pts: number;
  readonly keyframe: boolean;
  readonly data: Buffer;
}

/** One raw audio frame (an AAC raw_data_block, no ADTS header; one Opus packet). */
export interface AudioFrame {
  readonly kind: 'audio';
  readonly codec: AudioCodec;
  readonly dts: number;
  readonly pts: number;
  readonly data: Buffer;
}

/** Decoder configuration of a video track: the codec record plus what was parsed from it. */
export interface VideoConfig {
  readonly kind: 'video';
  readonly codec: VideoCodec;
  /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3) or HEVCDecoderConfigurationRecord. */
  readonly record: Buffer;
  readonly width: number;
  readonly height: number;
  readonly profile?: string;
}

/** Decoder configuration of an audio track. */
export interface AudioConfig {
  readonly kind: 'audio';
  readonly codec: AudioCodec;
  /** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) for AAC; empty for Opus. */
  readonly record: Buffer;
  readonly sampleRate: number;
  readonly channels: number;
}

/** Free-form stream metadata as published (RTMP onMetaData), values already decoded. */
export type StreamMetadata = Readonly<Record<string, unknown>>;
