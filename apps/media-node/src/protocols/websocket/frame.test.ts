import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { acceptKey, frameHeader, Opcode, WsFrameParser } from './frame.ts';

function clientFrame(opcode: number, payload: Buffer, mask = Buffer.of(1, 2, 3, 4)): Buffer {
  const header = frameHeader(opcode, payload.length);
  header[1]! |= 0x80;
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([header, mask, masked]);
}

describe('websocket frames', () => {
  it('computes the RFC 6455 §1.3 example accept key', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  for (const length of [0, 125, 126, 65535, 65536]) {
    it(`frames and parses a ${length}-byte payload`, () => {
      const payload = Buffer.alloc(length, 7);
      const parser = new WsFrameParser(1 << 20);
      const bytes = clientFrame(Opcode.binary, payload);
      const frames = [...parser.push(bytes.subarray(0, 3)), ...parser.push(bytes.subarray(3))];
      expect(frames).toHaveLength(1);
      expect(frames[0]!.opcode).toBe(Opcode.binary);
      expect(frames[0]!.payload.equals(payload)).toBe(true);
    });
  }

  it('refuses unmasked and oversized frames', () => {
    expect(() => new WsFrameParser().push(Buffer.of(0x82, 0x01, 0x00))).toThrow(/not masked/);
    expect(() => new WsFrameParser(10).push(clientFrame(Opcode.binary, Buffer.alloc(11)))).toThrow(
      /too large/,
    );
  });

  it('fuzz: random bytes parse or throw ProtocolError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const parser = new WsFrameParser(1024);
        try {
          for (const c of chunks) parser.push(Buffer.from(c));
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
