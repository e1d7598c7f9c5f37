import { ProtocolError } from '../../core/errors.ts';
import type { RtmpMessage } from './message.ts';
import { ChunkStreamId, MessageType } from './message.ts';

/** Set Peer Bandwidth limit types (§5.4.5). */
export const BandwidthLimit = { Hard: 0, Soft: 1, Dynamic: 2 } as const;

/** User Control event types (§6.2, §7.1.7). */
export const UserControlType = {
  StreamBegin: 0,
  StreamEof: 1,
  StreamDry: 2,
  SetBufferLength: 3,
  StreamIsRecorded: 4,
  PingRequest: 6,
  PingResponse: 7,
} as const;

/** A decoded User Control event, discriminated by `kind`. */
export type UserControlEvent =
  | {
      readonly kind: 'stream-begin' | 'stream-eof' | 'stream-dry' | 'stream-is-recorded';
      readonly streamId: number;
    }
  | { readonly kind: 'set-buffer-length'; readonly streamId: number; readonly bufferMs: number }
  | { readonly kind: 'ping-request' | 'ping-response'; readonly timestamp: number }
  | { readonly kind: 'unknown'; readonly type: number; readonly data: Buffer };

const STREAM_EVENTS = ['stream-begin', 'stream-eof', 'stream-dry', undefined, 'stream-is-recorded'] as const;

function control(typeId: number, payload: Buffer): RtmpMessage {
  // §5.4: protocol control messages use message stream 0 and chunk stream 2.
  return { csid: ChunkStreamId.Control, typeId, streamId: 0, timestamp: 0, payload };
}

function u32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
}

function need(payload: Buffer, size: number, what: string): void {
  if (payload.length < size)
    throw new ProtocolError(`RTMP ${what}: payload of ${payload.length} bytes, need ${size}`);
}

/** Set Chunk Size message (§5.4.1); `size` must be 1..0x7FFFFFFF. */
export function setChunkSize(size: number): RtmpMessage {
  if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff)
    throw new RangeError(`bad chunk size ${size}`);
  return control(MessageType.SetChunkSize, u32(size));
}

/** Parses Set Chunk Size, rejecting 0, the high bit, and anything above `max`. */
export function parseSetChunkSize(payload: Buffer, max: number): number {
  need(payload, 4, 'Set Chunk Size');
  const size = payload.readUInt32BE(0);
  if (size === 0 || size > 0x7fffffff) throw new ProtocolError(`RTMP Set Chunk Size ${size} is out of range`);
  if (size > max) throw new ProtocolError(`RTMP Set Chunk Size ${size} exceeds the limit of ${max}`);
  return size;
}

/** Abort message for a chunk stream (§5.4.2). */
export function abortMessage(csid: number): RtmpMessage {
  return control(MessageType.Abort, u32(csid));
}

/** Parses Abort: the chunk stream id whose partial message to drop. */
export function parseAbort(payload: Buffer): number {
  need(payload, 4, 'Abort');
  return payload.readUInt32BE(0);
}

/** Acknowledgement of `sequence` bytes received (§5.4.3). */
export function acknowledgement(sequence: number): RtmpMessage {
  return control(MessageType.Acknowledgement, u32(sequence));
}

/** Parses Acknowledgement: the peer's received-byte count. */
export function parseAcknowledgement(payload: Buffer): number {
  need(payload, 4, 'Acknowledgement');
  return payload.readUInt32BE(0);
}

/** Window Acknowledgement Size (§5.4.4). */
export function windowAckSize(size: number): RtmpMessage {
  return control(MessageType.WindowAckSize, u32(size));
}

/** Parses Window Acknowledgement Size. */
export function parseWindowAckSize(payload: Buffer): number {
  need(payload, 4, 'Window Acknowledgement Size');
  return payload.readUInt32BE(0);
}

/** Set Peer Bandwidth (§5.4.5). */
export function setPeerBandwidth(size: number, limitType: number = BandwidthLimit.Dynamic): RtmpMessage {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt32BE(size >>> 0, 0);
  b[4] = limitType;
  return control(MessageType.SetPeerBandwidth, b);
}

/** Parses Set Peer Bandwidth into window size and limit type. */
export function parseSetPeerBandwidth(payload: Buffer): { size: number; limitType: number } {
  need(payload, 5, 'Set Peer Bandwidth');
  const limitType = payload[4]!;
  if (limitType > 2) throw new ProtocolError(`RTMP Set Peer Bandwidth: unknown limit type ${limitType}`);
  return { size: payload.readUInt32BE(0), limitType };
}

function userControl(type: number, ...values: number[]): RtmpMessage {
  const b = Buffer.allocUnsafe(2 + 4 * values.length);
  b.writeUInt16BE(type, 0);
  for (let i = 0; i < values.length; i++) b.writeUInt32BE(values[i]! >>> 0, 2 + 4 * i);
  return control(MessageType.UserControl, b);
}

/** User Control Stream Begin for a message stream (§7.1.7). */
export function streamBegin(streamId: number): RtmpMessage {
  return userControl(UserControlType.StreamBegin, streamId);
}

/** User Control Stream EOF for a message stream. */
export function streamEof(streamId: number): RtmpMessage {
  return userControl(UserControlType.StreamEof, streamId);
}

/** User Control StreamIsRecorded for a message stream. */
export function streamIsRecorded(streamId: number): RtmpMessage {
  return userControl(UserControlType.StreamIsRecorded, streamId);
}

/** User Control SetBufferLength (client → server). */
export function setBufferLength(streamId: number, bufferMs: number): RtmpMessage {
  return userControl(UserControlType.SetBufferLength, streamId, bufferMs);
}

/** User Control Ping Request carrying a timestamp. */
export function pingRequest(timestamp: number): RtmpMessage {
  return userControl(UserControlType.PingRequest, timestamp);
}

/** User Control Ping Response echoing the request's timestamp. */
export function pingResponse(timestamp: number): RtmpMessage {
  return userControl(UserControlType.PingResponse, timestamp);
}

/** Parses a User Control message; unknown event types come back with their raw data. */
export function parseUserControl(payload: Buffer): UserControlEvent {
  need(payload, 2, 'User Control');
  const type = payload.readUInt16BE(0);
  const streamKind = STREAM_EVENTS[type];
  if (streamKind) {
    need(payload, 6, `User Control ${streamKind}`);
    return { kind: streamKind, streamId: payload.readUInt32BE(2) };
  }
  if (type === UserControlType.SetBufferLength) {
    need(payload, 10, 'User Control set-buffer-length');
    return {
      kind: 'set-buffer-length',
      streamId: payload.readUInt32BE(2),
      bufferMs: payload.readUInt32BE(6),
    };
  }
  if (type === UserControlType.PingRequest || type === UserControlType.PingResponse) {
    need(payload, 6, 'User Control ping');
    const kind = type === UserControlType.PingRequest ? 'ping-request' : 'ping-response';
    return { kind, timestamp: payload.readUInt32BE(2) };
  }
  return { kind: 'unknown', type, data: payload.subarray(2) };
}
