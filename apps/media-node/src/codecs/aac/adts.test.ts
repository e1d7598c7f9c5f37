import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bytesNear } from '../testing/fuzz.ts';
import { type AdtsParams, buildAdtsHeader, parseAdtsHeader, writeAdtsHeader } from './adts.ts';

const LC_44100_STEREO: AdtsParams = { objectType: 2, sampleRate: 44100, channelConfiguration: 2 };

// ISO/IEC 14496-3 §1.A.2.2.1: syncword FFF, ID 0, layer 00, protection_absent 1, profile 01, index 4,
// private 0, channels 010, 4 zero bits, frame_length 378, fullness 7FF, one raw data block.
const VECTOR = 'fff150802f5ffc';

describe('ADTS header', () => {
  it('builds and parses the hand-written vector', () => {
    expect(buildAdtsHeader(LC_44100_STEREO, 371).toString('hex')).toBe(VECTOR);
    expect(parseAdtsHeader(Buffer.from(VECTOR, 'hex'))).toEqual({
      ...LC_44100_STEREO,
      headerSize: 7,
      frameLength: 378,
      rawBlocks: 1,
    });
  });

  it('parses the header ffmpeg writes (adts muxer, 345-byte first frame)', () => {
    expect(parseAdtsHeader(Buffer.from('fff150802b3ffc', 'hex'))).toMatchObject({
      ...LC_44100_STEREO,
      frameLength: 345,
    });
  });

  it('round-trips params and lengths, writing in place at an offset', () => {
    const arb = fc.record({
      objectType: fc.integer({ min: 1, max: 4 }),
      sampleRate: fc.constantFrom(96000, 48000, 44100, 32000, 16000, 8000, 7350),
      channelConfiguration: fc.integer({ min: 1, max: 7 }),
      payload: fc.integer({ min: 0, max: 0x1fff - 7 }),
    });
    fc.assert(
      fc.property(arb, ({ payload, ...params }) => {
        const buf = Buffer.alloc(10);
        writeAdtsHeader(buf, 3, params, payload);
        expect(parseAdtsHeader(buf, 3)).toEqual({
          ...params,
          headerSize: 7,
          frameLength: payload + 7,
          rawBlocks: 1,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what ADTS cannot express and bad headers', () => {
    expect(() => buildAdtsHeader({ ...LC_44100_STEREO, objectType: 5 }, 10)).toThrow(ProtocolError);
    expect(() => buildAdtsHeader({ ...LC_44100_STEREO, sampleRate: 44056 }, 10)).toThrow(/index table/);
    expect(() => buildAdtsHeader(LC_44100_STEREO, 0x2000)).toThrow(/too long/);
    expect(() => parseAdtsHeader(Buffer.from('fff750802f5ffc', 'hex'))).toThrow(/syncword/);
    expect(() => parseAdtsHeader(Buffer.from('fff1', 'hex'))).toThrow(/truncated/);
  });

  it('fuzz: random and mutated headers parse or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(Buffer.from(VECTOR, 'hex')), (b) => parseAdtsHeader(b), 2000);
  });
});
