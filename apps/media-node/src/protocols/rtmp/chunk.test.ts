import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import type { ChunkReaderOptions } from './chunk-reader.ts';
import { ChunkReader } from './chunk-reader.ts';
import { encodeMessage, encodeMessageParts } from './chunk-writer.ts';
import { abortMessage, setChunkSize } from './control-messages.ts';
import type { RtmpMessage } from './message.ts';

type Opts = Omit<ChunkReaderOptions, 'onMessage'>;

function decode(bytes: Buffer, opts: Opts = {}, step = 0): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  const reader = new ChunkReader({
    ...opts,
    onMessage: (m) => out.push({ ...m, payload: Buffer.from(m.payload) }),
  });
  if (step <= 0) reader.feed(bytes);
  else for (let i = 0; i < bytes.length; i += step) reader.feed(bytes.subarray(i, i + step));
  return out;
}

// Buffers compared as base64: deep equality on large Buffers is slow in the matcher.
const view = (list: RtmpMessage[]) => list.map((m) => ({ ...m, payload: m.payload.toString('base64') }));

function payloadOf(length: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

function msg(fields: Partial<RtmpMessage> & { payload: Buffer }): RtmpMessage {
  return { csid: 3, typeId: 9, streamId: 1, timestamp: 0, ...fields };
}

function chunkSizeBytes(size: number): Buffer {
  return encodeMessage(setChunkSize(size), 128);
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// Shared by encoder and decoder: exact wire bytes for known messages.
const WIRE_TABLE: { name: string; message: RtmpMessage; chunkSize: number; wire: string }[] = [
  {
    name: 'fmt 0, 1-byte csid',
    message: msg({ csid: 3, typeId: 20, streamId: 0, timestamp: 1000, payload: hex('010203') }),
    chunkSize: 128,
    wire: '03 0003e8 000003 14 00000000 010203',
  },
  {
    name: '2-byte csid 64, stream id little endian',
    message: msg({ csid: 64, typeId: 8, streamId: 0x01020304, timestamp: 0, payload: hex('aa') }),
    chunkSize: 128,
    wire: '00 00 000000 000001 08 04030201 aa',
  },
  {
    name: '2-byte csid 319',
    message: msg({ csid: 319, typeId: 8, streamId: 1, timestamp: 5, payload: hex('') }),
    chunkSize: 128,
    wire: '00 ff 000005 000000 08 01000000',
  },
  {
    name: '3-byte csid 320 and 65599',
    message: msg({ csid: 65599, typeId: 9, streamId: 1, timestamp: 0, payload: hex('0102') }),
    chunkSize: 1,
    wire: '01 ffff 000000 000002 09 01000000 01 c1 ffff 02',
  },
  {
    name: 'split into fmt 3 continuations',
    message: msg({ csid: 4, typeId: 9, streamId: 1, timestamp: 40, payload: hex('0102030405') }),
    chunkSize: 2,
    wire: '04 000028 000005 09 01000000 0102 c4 0304 c4 05',
  },
  {
    name: 'extended timestamp, repeated on fmt 3',
    message: msg({ csid: 6, typeId: 9, streamId: 1, timestamp: 0x01000000, payload: hex('0102') }),
    chunkSize: 1,
    wire: '06 ffffff 000002 09 01000000 01000000 01 c6 01000000 02',
  },
  {
    name: 'timestamp exactly 0xFFFFFF is extended',
    message: msg({ csid: 6, typeId: 8, streamId: 1, timestamp: 0xffffff, payload: hex('ee') }),
    chunkSize: 128,
    wire: '06 ffffff 000001 08 01000000 00ffffff ee',
  },
];

describe('chunk wire table', () => {
  for (const row of WIRE_TABLE) {
    it(`encodes ${row.name}`, () => {
      expect(encodeMessage(row.message, row.chunkSize).toString('hex')).toBe(hex(row.wire).toString('hex'));
      expect(Buffer.concat(encodeMessageParts(row.message, row.chunkSize)).toString('hex')).toBe(
        hex(row.wire).toString('hex'),
      );
    });
    it(`decodes ${row.name}`, () => {
      const prefix = row.chunkSize === 128 ? Buffer.alloc(0) : chunkSizeBytes(row.chunkSize);
      for (const step of [0, 1, 3]) {
        expect(decode(Buffer.concat([prefix, hex(row.wire)]), {}, step)).toEqual([row.message]);
      }
    });
  }
});

describe('chunk round trip', () => {
  const lengths = [0, 1, 127, 128, 129, 255, 256, 1000, 4096, 65536, 70001];
  const chunkSizes = [1, 2, 127, 128, 129, 4096, 65536];
  const timestamps = [0, 1, 0xfffffe, 0xffffff, 0x1000000, 2 ** 32 - 1];
  const csids = [2, 63, 64, 319, 320, 65599];
  let n = 0;
  for (const length of lengths) {
    for (const chunkSize of chunkSizes) {
      const timestamp = timestamps[n % timestamps.length]!;
      const csid = csids[n++ % csids.length]!;
      it(`length ${length}, chunk size ${chunkSize}, ts ${timestamp}, csid ${csid}`, () => {
        const messages = [
          msg({ csid, timestamp, payload: payloadOf(length) }),
          msg({
            csid,
            timestamp: (timestamp + 40) >>> 0,
            typeId: 8,
            streamId: 7,
            payload: payloadOf(length, 2),
          }),
        ];
        const wire = Buffer.concat([
          chunkSizeBytes(chunkSize),
          ...messages.map((m) => encodeMessage(m, chunkSize)),
        ]);
        const expected = view(messages);
        expect(view(decode(wire, { maxChunkSize: 65536 }))).toEqual(expected);
        if (wire.length < 5000) expect(view(decode(wire, { maxChunkSize: 65536 }, 1))).toEqual(expected);
        expect(view(decode(wire, { maxChunkSize: 65536 }, 1000))).toEqual(expected);
      });
    }
  }

  it('interleaves chunks of two chunk streams', () => {
    const a = encodeMessageParts(msg({ csid: 4, typeId: 8, timestamp: 10, payload: payloadOf(300, 1) }), 128);
    const v = encodeMessageParts(msg({ csid: 6, typeId: 9, timestamp: 11, payload: payloadOf(300, 2) }), 128);
    // Parts alternate header/payload: send a's chunk 1, v's chunk 1, a's chunk 2, ...
    const wire: Uint8Array[] = [];
    for (let i = 0; i < a.length; i += 2) wire.push(a[i]!, a[i + 1]!, v[i]!, v[i + 1]!);
    const out = decode(Buffer.concat(wire), {}, 7);
    expect(out.map((m) => [m.csid, m.timestamp, m.payload.length])).toEqual([
      [4, 10, 300],
      [6, 11, 300],
    ]);
    expect(out[0]!.payload.equals(payloadOf(300, 1))).toBe(true);
  });
});

describe('chunk reader header compression', () => {
  it('accumulates fmt 2 deltas and repeats them with fmt 3 (§5.3.2.1 example 1)', () => {
    const wire = hex(
      '03 0003e8 000002 08 39300000 aaaa' + // fmt 0: ts 1000
        '83 000014 bbbb' + // fmt 2: delta 20
        'c3 cccc' + // fmt 3: same delta
        'c3 dddd',
    );
    const out = decode(wire, {}, 1);
    expect(out.map((m) => m.timestamp)).toEqual([1000, 1020, 1040, 1060]);
    expect(out.every((m) => m.streamId === 12345 && m.typeId === 8)).toBe(true);
    expect(out.map((m) => m.payload.toString('hex'))).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd']);
  });

  it('applies fmt 1 length/type changes and delta', () => {
    const wire = hex('04 000010 000001 09 01000000 01' + '44 000005 000002 08 0203');
    const out = decode(wire);
    expect(out.map((m) => [m.timestamp, m.typeId, m.streamId, m.payload.toString('hex')])).toEqual([
      [16, 9, 1, '01'],
      [21, 8, 1, '0203'],
    ]);
  });

  it('uses the fmt 0 timestamp as the delta of a following fmt 3 message', () => {
    const out = decode(hex('05 000028 000001 08 01000000 01' + 'c5 02'));
    expect(out.map((m) => m.timestamp)).toEqual([40, 80]);
  });

  it('reads the repeated extended timestamp on a fmt 3 message start', () => {
    const out = decode(hex('05 ffffff 000001 08 01000000 01000000 01' + 'c5 01000000 02'), {}, 1);
    expect(out.map((m) => m.timestamp)).toEqual([0x01000000, 0x02000000]);
  });

  it('wraps timestamps at 2^32', () => {
    const out = decode(hex('05 ffffff 000001 08 01000000 fffffff0 01' + '85 000020 02'));
    expect(out.map((m) => m.timestamp)).toEqual([0xfffffff0, 0x10]);
  });

  it('delivers single-chunk payloads as views of the fed bytes', () => {
    const wire = encodeMessage(msg({ payload: payloadOf(100) }), 128);
    const got: RtmpMessage[] = [];
    new ChunkReader({ onMessage: (m) => got.push(m) }).feed(wire);
    expect(got[0]!.payload.buffer).toBe(wire.buffer);
  });
});

describe('chunk reader control and limits', () => {
  it('drops a partial message on Abort', () => {
    const big = encodeMessage(msg({ csid: 4, payload: payloadOf(300) }), 128);
    const first = big.subarray(0, 12 + 128);
    const reader = new ChunkReader({ onMessage: () => {} });
    reader.feed(first);
    expect(reader.pendingBytes).toBe(300);
    reader.feed(encodeMessage(abortMessage(4), 128));
    expect(reader.pendingBytes).toBe(0);
    const got: RtmpMessage[] = [];
    const again = new ChunkReader({ onMessage: (m) => got.push(m) });
    again.feed(
      Buffer.concat([
        first,
        encodeMessage(abortMessage(4), 128),
        encodeMessage(msg({ csid: 4, payload: hex('01') }), 128),
      ]),
    );
    expect(got.map((m) => m.payload.toString('hex'))).toEqual(['01']);
  });

  it('counts bytes for acknowledgements', () => {
    const reader = new ChunkReader({ onMessage: () => {} });
    reader.ackWindow = 100;
    reader.feed(encodeMessage(msg({ payload: payloadOf(60) }), 128));
    expect(reader.takeAck()).toBeNull();
    reader.feed(encodeMessage(msg({ payload: payloadOf(60) }), 128));
    expect(reader.takeAck()).toBe(reader.bytesReceived);
    expect(reader.takeAck()).toBeNull();
  });

  const bad: { name: string; wire: Buffer; opts?: Opts; error: RegExp }[] = [
    { name: 'fmt 1 first', wire: hex('43 000000 000001 08 00'), error: /without a previous header/ },
    { name: 'fmt 3 first', wire: hex('c3 00'), error: /without a previous header/ },
    { name: 'chunk size 0', wire: hex('02 000000 000004 01 00000000 00000000'), error: /out of range/ },
    {
      name: 'chunk size high bit',
      wire: hex('02 000000 000004 01 00000000 80000001'),
      error: /out of range/,
    },
    {
      name: 'chunk size above the limit',
      wire: hex('02 000000 000004 01 00000000 01000001'),
      error: /exceeds the limit/,
    },
    { name: 'short Set Chunk Size', wire: hex('02 000000 000002 01 00000000 0001'), error: /need 4/ },
    {
      name: 'message over the length cap',
      wire: hex('03 000000 000101 09 00000000'),
      opts: { maxMessageLength: 256 },
      error: /exceeds the 256-byte limit/,
    },
    {
      name: 'new header inside an unfinished message',
      wire: Buffer.concat([
        chunkSizeBytes(1),
        hex('03 000000 0000ff 09 00000000 01 03 000000 000001 09 00000000 01'),
      ]),
      error: /unfinished message/,
    },
    {
      name: 'too many chunk streams in flight',
      wire: Buffer.concat([
        chunkSizeBytes(1),
        hex('03 000000 000002 09 00000000 01  04 000000 000002 09 00000000 01'),
      ]),
      opts: { maxInFlight: 1 },
      error: /in flight/,
    },
    {
      name: 'too many chunk streams',
      wire: hex('03 000000 000001 09 00000000 01  04 000000 000001 09 00000000 01'),
      opts: { maxChunkStreams: 1 },
      error: /more than 1 chunk streams/,
    },
    {
      name: 'too many pending bytes',
      wire: Buffer.concat([
        chunkSizeBytes(1),
        hex('03 000000 0000ff 09 00000000 01  04 000000 0000ff 09 00000000 01'),
      ]),
      opts: { maxPendingBytes: 300 },
      error: /unfinished messages/,
    },
  ];
  for (const row of bad) {
    it(`rejects ${row.name}`, () => {
      const reader = new ChunkReader({ ...row.opts, onMessage: () => {} });
      expect(() => reader.feed(row.wire)).toThrow(row.error);
      expect(() => reader.feed(hex('00'))).toThrow(ProtocolError);
    });
  }
});
