import type { RtmpMessage } from './message.ts';

/** What the writer needs of a message: the RtmpMessage fields (payload may be any byte view). */
export type OutgoingMessage = Omit<RtmpMessage, 'payload'> & { readonly payload: Uint8Array };

/** Lowest and highest chunk stream ids expressible (§5.3.1.1; 0 and 1 flag the long forms). */
export const MIN_CSID = 2;
/** Highest chunk stream id: 65599 in the 3-byte basic header. */
export const MAX_CSID = 65599;

function basicHeaderSize(csid: number): number {
  return csid < 64 ? 1 : csid < 320 ? 2 : 3;
}

function writeBasicHeader(out: Buffer, at: number, fmt: number, csid: number): number {
  if (csid < 64) {
    out[at] = (fmt << 6) | csid;
    return at + 1;
  }
  const id = csid - 64;
  if (csid < 320) {
    out[at] = fmt << 6;
    out[at + 1] = id;
    return at + 2;
  }
  out[at] = (fmt << 6) | 1;
  out[at + 1] = id & 0xff;
  out[at + 2] = id >> 8;
  return at + 3;
}

function validate(msg: OutgoingMessage, chunkSize: number): void {
  if (!Number.isInteger(msg.csid) || msg.csid < MIN_CSID || msg.csid > MAX_CSID) {
    throw new RangeError(`chunk stream id ${msg.csid} outside ${MIN_CSID}..${MAX_CSID}`);
  }
  if (msg.payload.length > 0xffffff)
    throw new RangeError(`message of ${msg.payload.length} bytes exceeds 16 MiB`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`bad chunk size ${chunkSize}`);
  if (!Number.isInteger(msg.typeId) || msg.typeId < 0 || msg.typeId > 255) {
    throw new RangeError(`bad type id ${msg.typeId}`);
  }
}

/** Writes the fmt-0 first chunk header at `at`; returns the offset after it. */
function writeFirstHeader(
  out: Buffer,
  at: number,
  msg: OutgoingMessage,
  ts: number,
  extended: boolean,
): number {
  at = writeBasicHeader(out, at, 0, msg.csid);
  out.writeUIntBE(extended ? 0xffffff : ts, at, 3);
  out.writeUIntBE(msg.payload.length, at + 3, 3);
  out[at + 6] = msg.typeId;
  out.writeUInt32LE(msg.streamId >>> 0, at + 7);
  at += 11;
  if (extended) at = out.writeUInt32BE(ts, at);
  return at;
}

function writeContinuationHeader(
  out: Buffer,
  at: number,
  csid: number,
  ts: number,
  extended: boolean,
): number {
  at = writeBasicHeader(out, at, 3, csid);
  // fmt 3 chunks repeat the extended timestamp when the message header used one (§5.3.1.3 practice).
  if (extended) at = out.writeUInt32BE(ts, at);
  return at;
}

/**
 * Encodes one message as chunks into a single Buffer: a fmt-0 first chunk (absolute timestamp, so
 * the bytes can be shared by every connection) then fmt-3 continuations.
 */
export function encodeMessage(msg: OutgoingMessage, chunkSize: number): Buffer {
  validate(msg, chunkSize);
  const ts = msg.timestamp >>> 0;
  const extended = ts >= 0xffffff;
  const length = msg.payload.length;
  const chunks = Math.max(1, Math.ceil(length / chunkSize));
  const basic = basicHeaderSize(msg.csid);
  const ext = extended ? 4 : 0;
  const out = Buffer.allocUnsafe(basic + 11 + ext + (chunks - 1) * (basic + ext) + length);
  let at = writeFirstHeader(out, 0, msg, ts, extended);
  for (let offset = 0; offset < length; offset += chunkSize) {
    if (offset > 0) at = writeContinuationHeader(out, at, msg.csid, ts, extended);
    const end = Math.min(offset + chunkSize, length);
    out.set(msg.payload.subarray(offset, end), at);
    at += end - offset;
  }
  return out;
}

/**
 * Same bytes as encodeMessage, as a list alternating headers and payload views (no payload copy),
 * for writev-style output of large messages.
 */
export function encodeMessageParts(msg: OutgoingMessage, chunkSize: number): Uint8Array[] {
  validate(msg, chunkSize);
  const ts = msg.timestamp >>> 0;
  const extended = ts >= 0xffffff;
  const length = msg.payload.length;
  const chunks = Math.max(1, Math.ceil(length / chunkSize));
  const basic = basicHeaderSize(msg.csid);
  const ext = extended ? 4 : 0;
  const contSize = basic + ext;
  // All headers live in one allocation; parts are views into it.
  const headers = Buffer.allocUnsafe(basic + 11 + ext + (chunks - 1) * contSize);
  let at = writeFirstHeader(headers, 0, msg, ts, extended);
  const parts: Uint8Array[] = [headers.subarray(0, at)];
  for (let offset = 0; offset < length; offset += chunkSize) {
    if (offset > 0) {
      const start = at;
      at = writeContinuationHeader(headers, at, msg.csid, ts, extended);
      parts.push(headers.subarray(start, at));
    }
    parts.push(msg.payload.subarray(offset, Math.min(offset + chunkSize, length)));
  }
  return parts;
}
