import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertParsesOrRejects, bytesNear } from '../../codecs/testing/fuzz.ts';
import { ProtocolError } from '../../core/errors.ts';
import {
  flvFileHeader,
  parseFlvFileHeader,
  parseFlvTagHeader,
  writeFlvTagHeader,
  writePreviousTagSize,
} from './tag-header.ts';

describe('FLV file header (Annex E.2)', () => {
  const cases = [
    { tracks: { audio: true, video: true }, hex: '464c5601 05 00000009 00000000' },
    { tracks: { audio: true, video: false }, hex: '464c5601 04 00000009 00000000' },
    { tracks: { audio: false, video: true }, hex: '464c5601 01 00000009 00000000' },
  ];
  for (const c of cases) {
    it(`encodes and parses audio=${c.tracks.audio} video=${c.tracks.video}`, () => {
      const bytes = Buffer.from(c.hex.replace(/ /g, ''), 'hex');
      expect(flvFileHeader(c.tracks)).toEqual(bytes);
      expect(parseFlvFileHeader(bytes)).toEqual({
        version: 1,
        hasAudio: c.tracks.audio,
        hasVideo: c.tracks.video,
        dataOffset: 9,
      });
    });
  }

  it('rejects a bad signature, a short header and an impossible DataOffset', () => {
    expect(() => parseFlvFileHeader(Buffer.from('464c4101050000000900', 'hex'))).toThrow(/signature/);
    expect(() => parseFlvFileHeader(Buffer.from('464c56', 'hex'))).toThrow(/truncated/);
    expect(() => parseFlvFileHeader(Buffer.from('464c56010500000008', 'hex'))).toThrow(/DataOffset/);
  });

  it('fuzz: random and mutated file headers parse or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(flvFileHeader({ audio: true, video: true })), (b) =>
      parseFlvFileHeader(b),
    );
  });
});

describe('FLV tag header (Annex E.4.1)', () => {
  // TagType 9, DataSize 0x33, Timestamp lower 24 bits 0x345678, TimestampExtended 0x12, StreamID 0.
  const VECTOR = '09 000033 345678 12 000000';

  it('encodes and parses the hand-written vector, extended byte as the high 8 bits', () => {
    const out = Buffer.alloc(11);
    writeFlvTagHeader(out, 0, 9, 0x33, 0x12345678);
    expect(out.toString('hex')).toBe(VECTOR.replace(/ /g, ''));
    expect(parseFlvTagHeader(out)).toEqual({
      type: 9,
      dataSize: 0x33,
      timestamp: 0x12345678,
      filtered: false,
    });
  });

  it('writes PreviousTagSize as header plus body', () => {
    const out = Buffer.alloc(4);
    writePreviousTagSize(out, 0, 0x33);
    expect(out.toString('hex')).toBe('0000003e');
  });

  it('wraps timestamps modulo 2^32 and floors fractional milliseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 33), max: 2 ** 34 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (ms, frac) => {
          const out = Buffer.alloc(11);
          writeFlvTagHeader(out, 0, 8, 1, ms + frac);
          expect(parseFlvTagHeader(out).timestamp).toBe(((ms % 2 ** 32) + 2 ** 32) % 2 ** 32);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the Filter bit and refuses bodies past UI24', () => {
    expect(parseFlvTagHeader(Buffer.from('2900000000000000000000', 'hex')).filtered).toBe(true);
    expect(() => writeFlvTagHeader(Buffer.alloc(11), 0, 9, 0x1000000, 0)).toThrow(ProtocolError);
    expect(() => parseFlvTagHeader(Buffer.alloc(10))).toThrow(/truncated/);
  });
});
