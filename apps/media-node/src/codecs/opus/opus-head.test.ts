import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bytesNear } from '../testing/fuzz.ts';
import { opusAudioConfig } from './audio-config.ts';
import { buildOpusHead, parseOpusHead } from './opus-head.ts';

// RFC 7845 §5.1: magic, version 1, 2 channels, pre-skip 312, input 48000 Hz, gain 0, family 0.
const STEREO = Buffer.from('4f707573486561640102380180bb0000000000', 'hex');

describe('OpusHead', () => {
  it('builds and parses the hand-written vector', () => {
    expect(buildOpusHead(2, 48000, 312)).toEqual(STEREO);
    expect(parseOpusHead(STEREO)).toEqual({
      channels: 2,
      preSkip: 312,
      inputSampleRate: 48000,
      outputGain: 0,
      mappingFamily: 0,
    });
  });

  it('maps to an AudioConfig at 48 kHz with no record', () => {
    expect(opusAudioConfig(STEREO)).toEqual({
      kind: 'audio',
      codec: 'opus',
      record: Buffer.alloc(0),
      sampleRate: 48000,
      channels: 2,
    });
  });

  it('rejects bad magic, major versions, zero channels and family-0 channel counts it cannot build', () => {
    expect(() => parseOpusHead(Buffer.from('OpusTags', 'latin1'))).toThrow(ProtocolError);
    const v2 = Buffer.from(STEREO);
    v2[8] = 0x10;
    expect(() => parseOpusHead(v2)).toThrow(/version/);
    const mute = Buffer.from(STEREO);
    mute[9] = 0;
    expect(() => parseOpusHead(mute)).toThrow(/zero channels/);
    expect(() => buildOpusHead(6)).toThrow(ProtocolError);
  });

  it('fuzz: random and mutated heads parse or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(STEREO), (b) => opusAudioConfig(b), 1000);
  });
});
