import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeIpv4, parseIpv4, parseIpv6 } from './ip-address.ts';

const ip4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

describe('parseIpv4', () => {
  it.each([
    ['127.0.0.1', ip4(127, 0, 0, 1)],
    ['127.0.0.1.', ip4(127, 0, 0, 1)],
    ['2130706433', ip4(127, 0, 0, 1)],
    ['0x7f000001', ip4(127, 0, 0, 1)],
    ['0x7f.1', ip4(127, 0, 0, 1)],
    ['0177.0.0.1', ip4(127, 0, 0, 1)],
    ['127.1', ip4(127, 0, 0, 1)],
    ['10.1.65535', ip4(10, 1, 255, 255)],
    ['0', 0],
    ['0x', 0],
    ['255.255.255.255', 0xffffffff],
    ['8.8.8.8', ip4(8, 8, 8, 8)],
  ])('%s is %i', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each([
    '256.0.0.1',
    '1.2.3.4.5',
    '1.2.3.256',
    '4294967296',
    '08.0.0.1',
    '0x1g.0.0.1',
    '',
    '1..2',
    'a.b.c.d',
    '1.2.3.-4',
    '99999999999999999999',
  ])('%s is not an address', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  it('reads every address back from dotted, decimal and hex forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dotted = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        expect(parseIpv4(dotted)).toBe(n);
        expect(parseIpv4(String(n))).toBe(n);
        expect(parseIpv4(`0x${n.toString(16)}`)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and returns a 32-bit value or undefined for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const v = parseIpv4(s);
        expect(v === undefined || (Number.isInteger(v) && v >= 0 && v <= 0xffffffff)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('looksLikeIpv4', () => {
  it.each([
    ['1.2.3.4', true],
    ['example.com', false],
    ['1.2.3.foo', false],
    ['foo.123', true],
    ['0x10', true],
    ['host.0x', true],
    ['1e3', false],
  ])('%s → %s', (host, expected) => {
    expect(looksLikeIpv4(host)).toBe(expected);
  });
});

describe('parseIpv6', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8::8:800:200c:417a', [0x2001, 0xdb8, 0, 0, 0x8, 0x800, 0x200c, 0x417a]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['::ffff:7f00:1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['::1.2.3.4', [0, 0, 0, 0, 0, 0, 0x102, 0x304]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
    ['64:ff9b::10.0.0.1', [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
  ])('%s', (text, groups) => {
    expect(parseIpv6(text)).toEqual(groups);
  });

  it.each([
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '12345::',
    'g::1',
    '::1.2.3',
    '::1.2.3.4.5',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::0x7f.1',
    '',
  ])('%s is not an address', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it('reads every address back from its full and compressed forms', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), (g) => {
        expect(parseIpv6(g.map((x) => x.toString(16)).join(':'))).toEqual(g);
        // Compress the first run of zero groups, the way URL serialisation does.
        const hex = g.map((x) => x.toString(16)).join(':');
        const compressed = hex.replace(/(^|:)0(:0)+(:|$)/, '::');
        expect(parseIpv6(compressed)).toEqual(g);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        const v = parseIpv6(s);
        expect(v === undefined || (v.length === 8 && v.every((x) => x >= 0 && x <= 0xffff))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
