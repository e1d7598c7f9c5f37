import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { ChunkReader } from './chunk-reader.ts';
import { encodeMessage, encodeMessageParts } from './chunk-writer.ts';
import { decodeCommand, parseConnect } from './commands.ts';
import { setChunkSize } from './control-messages.ts';
import { decodeData, metadataOf } from './data-messages.ts';
import { ClientHandshake, ServerHandshake } from './handshake.ts';
import type { RtmpMessage } from './message.ts';

const RUNS = { numRuns: 400 };

/** Calls fn; anything thrown other than a ProtocolError fails the property. */
function onlyProtocolErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
  }
}

/** Splits bytes at the given (sorted, deduplicated) cut points. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

const cutsArb = fc.array(fc.nat(), { maxLength: 20 });

// Header-ish fragments so random input reaches deep reader states, not just "fmt 3 first".
const fragmentArb = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc
    .record({
      csid: fc.integer({ min: 2, max: 70 }),
      ts: fc.nat(0xffffff),
      len: fc.nat(300),
      type: fc.nat(25),
    })
    .map((h) => {
      const b = Buffer.alloc(12);
      b[0] = h.csid < 64 ? h.csid : 0;
      b.writeUIntBE(h.ts, 1, 3);
      b.writeUIntBE(h.len, 4, 3);
      b[7] = h.type;
      return h.csid < 64 ? b : Buffer.concat([Buffer.of(0, h.csid - 64), b.subarray(1)]);
    }),
  fc.integer({ min: 0, max: 255 }).map((b) => Buffer.of(b)),
);

describe('chunk reader fuzz', () => {
  it('random bytes only ever raise ProtocolError, with bounded memory and output', () => {
    fc.assert(
      fc.property(fc.array(fragmentArb, { maxLength: 30 }), cutsArb, (fragments, cuts) => {
        const bytes = Buffer.concat(fragments.map((f) => Buffer.from(f)));
        let messages = 0;
        const reader = new ChunkReader({
          onMessage: () => messages++,
          maxMessageLength: 4096,
          maxPendingBytes: 8192,
          maxChunkSize: 1 << 16,
        });
        onlyProtocolErrors(() => {
          for (const part of split(bytes, cuts)) {
            reader.feed(part);
            expect(reader.pendingBytes).toBeLessThanOrEqual(8192);
          }
        });
        // Every message costs at least one header byte, so output is bounded by input.
        expect(messages).toBeLessThanOrEqual(bytes.length);
      }),
      RUNS,
    );
  });

  const messageArb = fc.record({
    csid: fc.oneof(fc.integer({ min: 2, max: 8 }), fc.constantFrom(63, 64, 319, 320, 65599)),
    typeId: fc.constantFrom(8, 9, 18, 20),
    streamId: fc.constantFrom(0, 1, 2),
    tsStep: fc.oneof(fc.constantFrom(0, 20, 40), fc.nat(0xffffff + 10), fc.constant(2 ** 32 - 1)),
    length: fc.oneof(fc.nat(300), fc.constantFrom(0, 1)),
    sameAsPrevious: fc.boolean(),
  });

  it('valid streams survive any split and any chunk interleaving', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.boolean(),
        cutsArb,
        (specs, chunkSize, schedule, compress, cuts) => {
          const messages = buildMessages(specs);
          const wire = Buffer.concat([
            encodeMessage(setChunkSize(chunkSize), 128),
            compress ? compressedEncode(messages, chunkSize) : interleave(messages, chunkSize, schedule),
          ]);
          const got: RtmpMessage[] = [];
          const reader = new ChunkReader({
            onMessage: (m) => got.push({ ...m, payload: Buffer.from(m.payload) }),
          });
          for (const part of split(wire, cuts)) reader.feed(part);
          expect(byCsid(got)).toEqual(byCsid(messages));
          expect(reader.pendingBytes).toBe(0);
        },
      ),
      RUNS,
    );
  });
});

type Spec = {
  csid: number;
  typeId: number;
  streamId: number;
  tsStep: number;
  length: number;
  sameAsPrevious: boolean;
};

function buildMessages(specs: Spec[]): RtmpMessage[] {
  const last = new Map<number, RtmpMessage>();
  return specs.map((s, i) => {
    const prev = last.get(s.csid);
    const base = s.sameAsPrevious && prev ? prev : null;
    const m: RtmpMessage = {
      csid: s.csid,
      typeId: base?.typeId ?? s.typeId,
      streamId: base?.streamId ?? s.streamId,
      timestamp: ((prev?.timestamp ?? 0) + s.tsStep) >>> 0,
      payload: Buffer.alloc(base?.payload.length ?? s.length, i),
    };
    last.set(s.csid, m);
    return m;
  });
}

function byCsid(list: RtmpMessage[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const m of list) {
    const row = `${m.typeId}/${m.streamId}/${m.timestamp}/${m.payload.toString('hex')}`;
    out[m.csid] ??= [];
    out[m.csid]!.push(row);
  }
  return out;
}

/** Writer output with chunks of different chunk streams interleaved per `schedule`. */
function interleave(messages: RtmpMessage[], chunkSize: number, schedule: number[]): Buffer {
  const queues = new Map<number, Uint8Array[][]>();
  for (const m of messages) {
    const parts = encodeMessageParts(m, chunkSize);
    const chunks: Uint8Array[][] = [];
    // parts: header0, [payload0], then (header, payload) pairs.
    for (let i = 0; i < parts.length; i += 2) chunks.push(parts.slice(i, i + 2));
    const q = queues.get(m.csid) ?? [];
    q.push(...chunks);
    queues.set(m.csid, q);
  }
  const out: Uint8Array[] = [];
  let turn = 0;
  while (queues.size > 0) {
    const keys = [...queues.keys()];
    const key = keys[(schedule[turn++ % Math.max(1, schedule.length)] ?? 0) % keys.length]!;
    const q = queues.get(key)!;
    out.push(...q.shift()!);
    if (q.length === 0) queues.delete(key);
  }
  return Buffer.concat(out);
}

/** A test-only encoder using fmt 1/2/3 headers whenever §5.3.1.2 allows, to exercise delta logic. */
function compressedEncode(messages: RtmpMessage[], chunkSize: number): Buffer {
  const state = new Map<number, { ts: number; field: number; len: number; type: number; sid: number }>();
  const out: Buffer[] = [];
  for (const m of messages) {
    const prev = state.get(m.csid);
    const delta = prev ? (m.timestamp - prev.ts) >>> 0 : 0;
    let fmt = 0;
    if (prev && prev.sid === m.streamId) {
      fmt = prev.len === m.payload.length && prev.type === m.typeId ? (delta === prev.field ? 3 : 2) : 1;
    }
    const field = fmt === 0 ? m.timestamp : fmt === 3 ? prev!.field : delta;
    const ext = field >= 0xffffff;
    const basic =
      m.csid < 64
        ? Buffer.of((fmt << 6) | m.csid)
        : m.csid < 320
          ? Buffer.of(fmt << 6, m.csid - 64)
          : Buffer.of((fmt << 6) | 1, (m.csid - 64) & 0xff, (m.csid - 64) >> 8);
    const mh = Buffer.alloc([11, 7, 3, 0][fmt]!);
    if (fmt < 3) mh.writeUIntBE(ext ? 0xffffff : field, 0, 3);
    if (fmt < 2) {
      mh.writeUIntBE(m.payload.length, 3, 3);
      mh[6] = m.typeId;
    }
    if (fmt === 0) mh.writeUInt32LE(m.streamId, 7);
    const extBytes = Buffer.alloc(ext ? 4 : 0);
    if (ext) extBytes.writeUInt32BE(field);
    out.push(basic, mh, extBytes);
    for (let off = 0; off < m.payload.length; off += chunkSize) {
      if (off > 0) out.push(Buffer.of((3 << 6) | (basic[0]! & 0x3f), ...basic.subarray(1)), extBytes);
      out.push(m.payload.subarray(off, off + chunkSize));
    }
    state.set(m.csid, { ts: m.timestamp, field, len: m.payload.length, type: m.typeId, sid: m.streamId });
  }
  return Buffer.concat(out);
}

describe('handshake fuzz', () => {
  it('server: random bytes only ever raise ProtocolError; leftovers are exact', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 4000 }), cutsArb, (v3, raw, cuts) => {
        const bytes = Buffer.from(raw);
        if (v3 && bytes.length > 0) bytes[0] = 3;
        const hs = new ServerHandshake();
        const rest: Buffer[] = [];
        let done = false;
        onlyProtocolErrors(() => {
          for (const part of split(bytes, cuts)) {
            const r = hs.feed(part);
            if (r.rest) rest.push(r.rest);
            done ||= r.done;
          }
        });
        if (done) expect(Buffer.concat(rest).length).toBe(bytes.length - 1 - 2 * 1536);
      }),
      RUNS,
    );
  });

  it('client: random server bytes only ever raise ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), cutsArb, (raw, cuts) => {
        const bytes = Buffer.from(raw);
        if (bytes.length > 0) bytes[0] = 3;
        const hs = new ClientHandshake();
        hs.start();
        onlyProtocolErrors(() => {
          for (const part of split(bytes, cuts)) hs.feed(part);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('command fuzz', () => {
  it('decoding random bodies only ever raises ProtocolError', () => {
    const amfish = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // Start with a string marker so the decoder gets past the command name more often.
      fc
        .uint8Array({ maxLength: 200 })
        .map((b) => Uint8Array.from([2, 0, 7, ...Buffer.from('connect'), ...b])),
    );
    fc.assert(
      fc.property(amfish, fc.constantFrom(15, 17, 18, 20), (raw, typeId) => {
        const payload = Buffer.from(raw);
        onlyProtocolErrors(() => {
          if (typeId === 17 || typeId === 20) parseConnect(decodeCommand(typeId, payload));
          else metadataOf(decodeData(typeId, payload));
        });
      }),
      { numRuns: 1000 },
    );
  });
});
