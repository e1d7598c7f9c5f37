import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../core/errors.ts';
import { BitReader } from './bit-reader.ts';
import { bits } from './testing/fuzz.ts';

// Exp-Golomb code table, ITU-T H.264 §9.1 Table 9-2 and §9.1.1 Table 9-3.
const golomb: Array<{ code: string; ue: number; se: number }> = [
  { code: '1', ue: 0, se: 0 },
  { code: '010', ue: 1, se: 1 },
  { code: '011', ue: 2, se: -1 },
  { code: '00100', ue: 3, se: 2 },
  { code: '00101', ue: 4, se: -2 },
  { code: '0001000', ue: 7, se: 4 },
  { code: '000010001', ue: 16, se: -8 },
];

describe('BitReader', () => {
  for (const c of golomb) {
    it(`reads ${c.code} as ue ${c.ue} and se ${c.se}`, () => {
      expect(new BitReader(bits(c.code), 't').ue()).toBe(c.ue);
      expect(new BitReader(bits(c.code), 't').se()).toBe(c.se);
    });
  }

  it('reads fixed fields across byte boundaries, up to 32 bits unsigned', () => {
    const r = new BitReader(Buffer.from('a5ffffffff0f', 'hex'), 't');
    expect(r.u(4)).toBe(0xa);
    expect(r.flag()).toBe(false);
    expect(r.u(3)).toBe(5);
    expect(r.u(32)).toBe(0xffffffff);
    r.skip(4);
    expect(r.bitsLeft).toBe(4);
    expect(r.u(4)).toBe(0xf);
  });

  it('reads the largest accepted ue code (31 leading zeros)', () => {
    expect(new BitReader(bits(`${'0'.repeat(31)}1${'1'.repeat(31)}`), 't').ue()).toBe(2 ** 32 - 2);
  });

  it('throws ProtocolError naming the structure when reading past the end or on overlong codes', () => {
    expect(() => new BitReader(Buffer.of(0xff), 'H.264 SPS').u(9)).toThrow(/H.264 SPS: truncated/);
    expect(() => new BitReader(Buffer.of(0), 't').skip(9)).toThrow(ProtocolError);
    expect(() => new BitReader(Buffer.alloc(8), 't').ue()).toThrow(/Exp-Golomb code too long/);
    expect(() => new BitReader(Buffer.of(0x00), 't').ue()).toThrow(/truncated/);
  });
});
