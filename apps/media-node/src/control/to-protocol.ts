import type { Track } from '@mediaplane/protocol';
import type { AudioConfig, VideoConfig } from '../core/frame.ts';

/** The wire description of a track: what the control API stores, without decoder records. */
export function toTrack(config: VideoConfig | AudioConfig): Track {
  return config.kind === 'video'
    ? { kind: 'video', codec: config.codec, width: config.width, height: config.height }
    : { kind: 'audio', codec: config.codec, sampleRate: config.sampleRate, channels: config.channels };
}

/** Wire descriptions of a stream's tracks. */
export function toTracks(configs: ReadonlyArray<VideoConfig | AudioConfig>): Track[] {
  return configs.map(toTrack);
}
