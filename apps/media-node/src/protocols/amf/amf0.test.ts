import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { type Amf0Value, decodeAmf0, encodeAmf0, encodeAmf0EcmaArray } from './amf0.ts';

// Byte vectors from AMF0 spec §2 shared by the encoder and the decoder.
const cases: Array<{ name: string; value: Amf0Value; hex: string }> = [
  { name: 'number', value: 1, hex: '003ff0000000000000' },
  { name: 'boolean true', value: true, hex: '0101' },
  { name: 'string', value: 'ab', hex: '0200026162' },
  { name: 'null', value: null, hex: '05' },
  { name: 'undefined', value: undefined, hex: '06' },
  { name: 'object', value: { a: 1 }, hex: '03000161003ff0000000000000000009' },
  { name: 'strict array', value: [true], hex: '0a000000010101' },
];

describe('amf0', () => {
  for (const c of cases) {
    it(`encodes and decodes ${c.name}`, () => {
      expect(encodeAmf0(c.value).toString('hex')).toBe(c.hex);
      expect(decodeAmf0(Buffer.from(c.hex, 'hex'))).toEqual([c.value]);
    });
  }

  it('decodes an ECMA array into an object, ignoring its advisory count', () => {
    const buf = encodeAmf0EcmaArray({ width: 640, height: 360 });
    buf.writeUInt32BE(99, 1);
    expect(decodeAmf0(buf)).toEqual([{ width: 640, height: 360 }]);
  });

  it('round-trips a connect command', () => {
    const values: Amf0Value[] = ['connect', 1, { app: 'live', tcUrl: 'rtmp://h/live', objectEncoding: 0 }];
    expect(decodeAmf0(encodeAmf0(...values))).toEqual(values);
  });

  it('keeps __proto__ as plain data', () => {
    const buf = Buffer.concat([
      Buffer.of(3, 0, 9),
      Buffer.from('__proto__'),
      encodeAmf0({ x: 1 }),
      Buffer.of(0, 0, 9),
    ]);
    const [obj] = decodeAmf0(buf) as [Record<string, unknown>];
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['__proto__']);
  });

  it('rejects truncated input and deep nesting with ProtocolError', () => {
    expect(() => decodeAmf0(Buffer.from('0200056162', 'hex'))).toThrow(ProtocolError);
    const nested = Buffer.concat(Array.from({ length: 100 }, () => Buffer.of(OBJECT, 0, 1, 0x61)));
    expect(() => decodeAmf0(nested)).toThrow(/nesting too deep/);
  });

  it('fuzz: random bytes decode or throw ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          decodeAmf0(bytes);
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: encode then decode is the identity for JSON-like values', () => {
    const value = fc.letrec<{ v: Amf0Value }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.string(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'),
          tie('v'),
          { maxKeys: 4 },
        ),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeAmf0(encodeAmf0(v))).toEqual([v]);
      }),
      { numRuns: 500 },
    );
  });
});

const OBJECT = 0x03;
