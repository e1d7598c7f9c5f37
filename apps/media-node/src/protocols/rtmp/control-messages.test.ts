import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { splitAggregate } from './aggregate.ts';
import {
  abortMessage,
  acknowledgement,
  parseAbort,
  parseAcknowledgement,
  parseSetChunkSize,
  parseSetPeerBandwidth,
  parseUserControl,
  parseWindowAckSize,
  pingRequest,
  pingResponse,
  setBufferLength,
  setChunkSize,
  setPeerBandwidth,
  streamBegin,
  streamEof,
  streamIsRecorded,
  windowAckSize,
} from './control-messages.ts';
import type { RtmpMessage } from './message.ts';

const hex = (b: Buffer) => b.toString('hex');

describe('protocol control messages (§5.4)', () => {
  const table: {
    name: string;
    message: RtmpMessage;
    typeId: number;
    wire: string;
    parsed: unknown;
    parse: (b: Buffer) => unknown;
  }[] = [
    {
      name: 'Set Chunk Size',
      message: setChunkSize(4096),
      typeId: 1,
      wire: '00001000',
      parsed: 4096,
      parse: (b) => parseSetChunkSize(b, 1 << 24),
    },
    { name: 'Abort', message: abortMessage(6), typeId: 2, wire: '00000006', parsed: 6, parse: parseAbort },
    {
      name: 'Acknowledgement',
      message: acknowledgement(2 ** 32 + 5),
      typeId: 3,
      wire: '00000005',
      parsed: 5,
      parse: parseAcknowledgement,
    },
    {
      name: 'Window Ack Size',
      message: windowAckSize(2_500_000),
      typeId: 5,
      wire: '002625a0',
      parsed: 2_500_000,
      parse: parseWindowAckSize,
    },
    {
      name: 'Set Peer Bandwidth',
      message: setPeerBandwidth(2_500_000, 2),
      typeId: 6,
      wire: '002625a002',
      parsed: { size: 2_500_000, limitType: 2 },
      parse: parseSetPeerBandwidth,
    },
  ];
  for (const row of table) {
    it(`${row.name} encodes and parses`, () => {
      expect(row.message).toMatchObject({ csid: 2, streamId: 0, timestamp: 0, typeId: row.typeId });
      expect(hex(row.message.payload)).toBe(row.wire);
      expect(row.parse(Buffer.from(row.wire, 'hex'))).toEqual(row.parsed);
    });
  }

  it('rejects short payloads and bad values', () => {
    expect(() => parseAcknowledgement(Buffer.alloc(3))).toThrow(ProtocolError);
    expect(() => parseSetPeerBandwidth(Buffer.from('0000000003', 'hex'))).toThrow(/limit type/);
    expect(() => parseSetChunkSize(Buffer.from('00010000', 'hex'), 4096)).toThrow(/exceeds the limit/);
    expect(() => setChunkSize(0)).toThrow(RangeError);
  });
});

describe('user control events (§6.2)', () => {
  const table: { message: RtmpMessage; wire: string; event: unknown }[] = [
    { message: streamBegin(1), wire: '000000000001', event: { kind: 'stream-begin', streamId: 1 } },
    { message: streamEof(1), wire: '000100000001', event: { kind: 'stream-eof', streamId: 1 } },
    {
      message: streamIsRecorded(2),
      wire: '000400000002',
      event: { kind: 'stream-is-recorded', streamId: 2 },
    },
    {
      message: setBufferLength(1, 3000),
      wire: '0003000000010000' + '0bb8',
      event: { kind: 'set-buffer-length', streamId: 1, bufferMs: 3000 },
    },
    {
      message: pingRequest(123456),
      wire: '00060001e240',
      event: { kind: 'ping-request', timestamp: 123456 },
    },
    {
      message: pingResponse(123456),
      wire: '00070001e240',
      event: { kind: 'ping-response', timestamp: 123456 },
    },
  ];
  for (const row of table) {
    it(`${JSON.stringify(row.event)}`, () => {
      expect(row.message).toMatchObject({ typeId: 4, csid: 2, streamId: 0 });
      expect(hex(row.message.payload)).toBe(row.wire);
      expect(parseUserControl(Buffer.from(row.wire, 'hex'))).toEqual(row.event);
    });
  }

  it('keeps unknown events raw and rejects truncated ones', () => {
    expect(parseUserControl(Buffer.from('001fabcd', 'hex'))).toEqual({
      kind: 'unknown',
      type: 31,
      data: Buffer.from('abcd', 'hex'),
    });
    expect(() => parseUserControl(Buffer.from('0006', 'hex'))).toThrow(ProtocolError);
    expect(() => parseUserControl(Buffer.from('00', 'hex'))).toThrow(ProtocolError);
  });
});

describe('aggregate messages (§7.1.6)', () => {
  const sub = (type: number, ts: number, body: string) => {
    const payload = Buffer.from(body, 'hex');
    const h = Buffer.alloc(11);
    h[0] = type;
    h.writeUIntBE(payload.length, 1, 3);
    h.writeUIntBE(ts & 0xffffff, 4, 3);
    h[7] = ts >>> 24;
    const back = Buffer.alloc(4);
    back.writeUInt32BE(11 + payload.length);
    return Buffer.concat([h, payload, back]);
  };

  it('splits sub-messages and re-bases their timestamps', () => {
    const payload = Buffer.concat([sub(9, 0x01000010, 'aa'), sub(8, 0x01000030, 'bbcc')]);
    const out = splitAggregate({ csid: 6, typeId: 22, streamId: 1, timestamp: 100, payload });
    expect(out.map((m) => [m.typeId, m.timestamp, hex(m.payload), m.streamId])).toEqual([
      [9, 100, 'aa', 1],
      [8, 132, 'bbcc', 1],
    ]);
  });

  it('rejects truncated aggregates', () => {
    const payload = sub(9, 0, 'aabb').subarray(0, 14);
    expect(() => splitAggregate({ csid: 6, typeId: 22, streamId: 1, timestamp: 0, payload })).toThrow(
      ProtocolError,
    );
  });
});
