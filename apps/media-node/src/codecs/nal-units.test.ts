import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../core/errors.ts';
import { h264HasIdr } from './h264/nal-type.ts';
import { h265HasIrap } from './h265/nal-type.ts';
import { joinNalUnits, splitNalUnits, toFourByteLengths, validateNalUnits } from './nal-units.ts';
import { assertParsesOrRejects } from './testing/fuzz.ts';

const SEI = Buffer.from('0605ff', 'hex');
const IDR = Buffer.from('6588840021', 'hex');
const SLICE = Buffer.from('419a226c', 'hex');

describe('length-prefixed NAL units', () => {
  it('joins with 4-byte lengths and splits back into views', () => {
    const au = joinNalUnits([SEI, IDR]);
    expect(au.toString('hex')).toBe(`00000003${SEI.toString('hex')}00000005${IDR.toString('hex')}`);
    const nals = splitNalUnits(au);
    expect(nals).toEqual([SEI, IDR]);
    expect(nals[1]!.buffer).toBe(au.buffer);
    expect(() => validateNalUnits(au)).not.toThrow();
  });

  it('converts 1- and 2-byte lengths to 4-byte ones', () => {
    const twoByte = Buffer.from(`0003${SEI.toString('hex')}0004${SLICE.toString('hex')}`, 'hex');
    expect(toFourByteLengths(twoByte, 2)).toEqual(joinNalUnits([SEI, SLICE]));
    const oneByte = Buffer.from(`05${IDR.toString('hex')}`, 'hex');
    expect(toFourByteLengths(oneByte, 1)).toEqual(joinNalUnits([IDR]));
    const fourByte = joinNalUnits([IDR]);
    expect(toFourByteLengths(fourByte, 4)).toBe(fourByte);
  });

  it('finds H.264 IDR slices and H.265 IRAP pictures', () => {
    expect(h264HasIdr(joinNalUnits([SEI, IDR]))).toBe(true);
    expect(h264HasIdr(joinNalUnits([SEI, SLICE]))).toBe(false);
    // H.265 headers: type 19 (IDR_W_RADL) = 0x26, type 1 (TRAIL_R) = 0x02.
    expect(h265HasIrap(joinNalUnits([Buffer.of(0x26, 0x01, 0xaf)]))).toBe(true);
    expect(h265HasIrap(joinNalUnits([Buffer.of(0x02, 0x01, 0xd0)]))).toBe(false);
  });

  it('rejects lengths that run past the access unit with ProtocolError', () => {
    const au = joinNalUnits([IDR]);
    au.writeUInt32BE(6, 0);
    expect(() => splitNalUnits(au)).toThrow(ProtocolError);
    expect(() => validateNalUnits(au)).toThrow(ProtocolError);
    expect(() => validateNalUnits(Buffer.of(0, 0, 1))).toThrow(/truncated length prefix/);
  });

  it('fuzz: split and validate agree and never throw anything but ProtocolError', () => {
    const arb = fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(1, 2, 4));
    assertParsesOrRejects(arb, ([bytes, size]) => {
      const au = Buffer.from(bytes);
      let valid = true;
      try {
        validateNalUnits(au, size);
      } catch {
        valid = false;
      }
      if (valid) expect(joinNalUnits(splitNalUnits(au, size))).toEqual(toFourByteLengths(au, size));
      else expect(() => splitNalUnits(au, size)).toThrow(ProtocolError);
      h264HasIdr(au);
    });
  });
});
