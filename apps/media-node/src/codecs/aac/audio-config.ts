import type { AudioConfig } from '../../core/frame.ts';
import { parseAacConfig } from './audio-specific-config.ts';

/** Builds the frame model's AudioConfig from an AudioSpecificConfig, reporting decoder output rate/channels. */
export function aacAudioConfig(asc: Buffer): AudioConfig {
  const aac = parseAacConfig(asc);
  return {
    kind: 'audio',
    codec: 'aac',
    record: Buffer.from(asc),
    sampleRate: aac.outputSampleRate,
    channels: aac.outputChannels,
  };
}
