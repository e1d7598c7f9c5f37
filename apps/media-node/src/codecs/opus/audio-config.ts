import type { AudioConfig } from '../../core/frame.ts';
import { parseOpusHead } from './opus-head.ts';

/** Builds the frame model's AudioConfig from an OpusHead; the model keeps no record for Opus. */
export function opusAudioConfig(opusHead: Buffer): AudioConfig {
  const head = parseOpusHead(opusHead);
  return {
    kind: 'audio',
    codec: 'opus',
    record: Buffer.alloc(0),
    sampleRate: 48000,
    channels: head.channels,
  };
}
