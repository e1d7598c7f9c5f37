import { createHash } from 'node:crypto';
import { ProtocolError } from '../../core/errors.ts';

/** Opcodes of RFC 6455 §5.2. */
export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** A complete frame received from a client, unmasked. */
export interface WsFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept for a client key, RFC 6455 §4.2.2. */
export function acceptKey(clientKey: string): string {
  return createHash('sha1')
    .update(clientKey + GUID)
    .digest('base64');
}

/** Header of an unmasked server frame carrying `length` payload bytes, RFC 6455 §5.2. */
export function frameHeader(opcode: number, length: number, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (length < 126) return Buffer.of(first, length);
  if (length < 0x10000) {
    const h = Buffer.allocUnsafe(4);
    h[0] = first;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = first;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

/** A whole unmasked server frame (control frames, small messages). */
export function encodeFrame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([frameHeader(opcode, payload.length), payload]);
}

/**
 * Incremental parser for client frames. Clients must mask (§5.1); control frames are at most
 * 125 bytes (§5.5); any frame above `maxPayload` is refused so a client cannot make us buffer.
 */
export class WsFrameParser {
  private buf: Buffer = Buffer.alloc(0);
  private readonly maxPayload: number;

  constructor(maxPayload = 64 * 1024) {
    this.maxPayload = maxPayload;
  }

  push(chunk: Buffer): WsFrame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: WsFrame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): WsFrame | undefined {
    const b = this.buf;
    if (b.length < 2) return undefined;
    const fin = (b[0]! & 0x80) !== 0;
    if ((b[0]! & 0x70) !== 0) throw new ProtocolError('WebSocket: reserved bits set without an extension');
    const opcode = b[0]! & 0x0f;
    if (!(opcode <= 2 || (opcode >= 8 && opcode <= 10))) {
      throw new ProtocolError(`WebSocket: unknown opcode ${opcode}`);
    }
    if ((b[1]! & 0x80) === 0) throw new ProtocolError('WebSocket: client frame is not masked');
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(this.maxPayload)) throw new ProtocolError('WebSocket: frame too large');
      len = Number(big);
      offset = 10;
    }
    if (opcode >= 8 && (len > 125 || !fin)) throw new ProtocolError('WebSocket: invalid control frame');
    if (len > this.maxPayload) throw new ProtocolError('WebSocket: frame too large');
    if (b.length < offset + 4 + len) return undefined;
    const mask = b.subarray(offset, offset + 4);
    const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + len));
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
    this.buf = b.subarray(offset + 4 + len);
    return { fin, opcode, payload };
  }
}
