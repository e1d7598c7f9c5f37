import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { ClientHandshake, ServerHandshake } from './handshake.ts';
import {
  DIGEST_SIZE,
  digestOffset,
  FMS_KEY_S1,
  FP_KEY_C1,
  findDigest,
  HANDSHAKE_SIZE,
  signPacket,
} from './handshake-digest.ts';

function feedInSteps<
  T extends { feed(b: Buffer): { send: Buffer | null; done: boolean; rest: Buffer | null } },
>(side: T, bytes: Buffer, step: number) {
  const sent: Buffer[] = [];
  let done = false;
  let rest: Buffer | null = null;
  for (let i = 0; i < bytes.length; i += step) {
    const r = side.feed(bytes.subarray(i, i + step));
    if (r.send) sent.push(r.send);
    if (r.done) {
      done = true;
      // Everything after the completing feed is leftover as well.
      rest = Buffer.concat([r.rest ?? Buffer.alloc(0), bytes.subarray(i + step)]);
      break;
    }
  }
  return { sent: Buffer.concat(sent), done, rest };
}

describe('RTMP handshake', () => {
  for (const step of [1, 7, 1536, 10_000]) {
    it(`complex client ↔ server, fed ${step} bytes at a time`, () => {
      const client = new ClientHandshake();
      const server = new ServerHandshake();
      const s = feedInSteps(server, client.start(), step);
      expect(s.sent.length).toBe(1 + 2 * HANDSHAKE_SIZE);
      expect(s.done).toBe(false);
      expect(server.mode).toBe('complex');
      const c = feedInSteps(client, s.sent, step);
      expect(c.done).toBe(true);
      expect(client.mode).toBe('complex');
      expect(client.verified).toBe(true);
      expect(c.sent.length).toBe(HANDSHAKE_SIZE);
      const firstChunks = Buffer.from('0300000000000114000000000a', 'hex');
      const done = feedInSteps(server, Buffer.concat([c.sent, firstChunks]), step);
      expect(done.done).toBe(true);
      expect(done.rest?.toString('hex')).toBe(firstChunks.toString('hex'));
    });
  }

  it('simple client gets an echo of C1 in S2 and echoes S1 in C2', () => {
    const client = new ClientHandshake({ complex: false });
    const server = new ServerHandshake({ now: () => 77 });
    const c0c1 = client.start();
    expect(c0c1.readUInt32BE(5)).toBe(0);
    const r = server.feed(c0c1);
    expect(server.mode).toBe('simple');
    const s1 = r.send!.subarray(1, 1 + HANDSHAKE_SIZE);
    const s2 = r.send!.subarray(1 + HANDSHAKE_SIZE);
    expect(r.send![0]).toBe(3);
    expect(s1.readUInt32BE(0)).toBe(77);
    expect(s1.readUInt32BE(4)).toBe(0);
    expect(s2.subarray(8).equals(c0c1.subarray(9))).toBe(true);
    expect(s2.readUInt32BE(0)).toBe(c0c1.readUInt32BE(1));
    expect(s2.readUInt32BE(4)).toBe(77);
    const c = client.feed(r.send!);
    expect(client.mode).toBe('simple');
    expect(client.verified).toBe(false);
    expect(c.send!.equals(s1)).toBe(true);
  });

  it('accepts a C1 digest under offset scheme 1 and answers in the same scheme', () => {
    const c1 = Buffer.alloc(HANDSHAKE_SIZE, 0x5a);
    c1.writeUInt32BE(0x80000702, 4);
    const clientDigest = signPacket(c1, 1, FP_KEY_C1);
    expect(findDigest(c1, FP_KEY_C1)?.scheme).toBe(1);
    const server = new ServerHandshake();
    const r = server.feed(Buffer.concat([Buffer.of(3), c1]));
    expect(server.mode).toBe('complex');
    const s1 = r.send!.subarray(1, 1 + HANDSHAKE_SIZE);
    const found = findDigest(s1, FMS_KEY_S1);
    expect(found?.scheme).toBe(1);
    const off = digestOffset(s1, 1);
    expect(s1.subarray(off, off + DIGEST_SIZE).equals(found!.digest)).toBe(true);
    expect(clientDigest.length).toBe(DIGEST_SIZE);
  });

  it('rejects a version byte other than 3', () => {
    expect(() => new ServerHandshake().feed(Buffer.of(6))).toThrow(ProtocolError);
    expect(() => new ServerHandshake().feed(Buffer.from('GET / HTTP/1.1'))).toThrow(/version 71 is not 3/);
    const client = new ClientHandshake();
    client.start();
    expect(() => client.feed(Buffer.of(8, 0, 0))).toThrow(ProtocolError);
  });

  it('passes bytes through once done', () => {
    const client = new ClientHandshake({ complex: false });
    const server = new ServerHandshake();
    const r = server.feed(client.start());
    client.feed(r.send!);
    const extra = Buffer.from('abc');
    expect(client.feed(extra)).toEqual({ send: null, done: true, rest: extra });
  });
});
