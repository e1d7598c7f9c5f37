import { ProtocolError } from '../../core/errors.ts';

/** FLV file header size (FLV spec v10.1 Annex E.2). */
export const FLV_FILE_HEADER_SIZE = 9;
/** FLV tag header size (Annex E.4.1). */
export const FLV_TAG_HEADER_SIZE = 11;
/** Size of the PreviousTagSize field that follows the header and every tag (Annex E.3). */
export const PREVIOUS_TAG_SIZE_SIZE = 4;
/** Largest DataSize a tag header can express (UI24). */
export const FLV_MAX_DATA_SIZE = 0xffffff;

/** A parsed FLV file header. */
export interface FlvFileHeader {
  readonly version: number;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  /** Offset of the first PreviousTagSize field, normally 9. */
  readonly dataOffset: number;
}

/** A parsed FLV tag header. */
export interface FlvTagHeader {
  readonly type: number;
  readonly dataSize: number;
  /** Milliseconds, UI32 from Timestamp plus TimestampExtended as the high byte. */
  readonly timestamp: number;
  /** Set when the tag is encrypted (the Filter bit); the node does not support that. */
  readonly filtered: boolean;
}

/** The 9-byte file header plus PreviousTagSize0, as an HTTP-FLV response starts. */
export function flvFileHeader(tracks: { readonly audio: boolean; readonly video: boolean }): Buffer {
  const out = Buffer.alloc(FLV_FILE_HEADER_SIZE + PREVIOUS_TAG_SIZE_SIZE);
  out.write('FLV', 0, 'latin1');
  out[3] = 1;
  out[4] = (tracks.audio ? 0x04 : 0) | (tracks.video ? 0x01 : 0);
  out.writeUInt32BE(FLV_FILE_HEADER_SIZE, 5);
  return out;
}

/** Parses the 9-byte file header. Throws ProtocolError when the signature or offset is wrong. */
export function parseFlvFileHeader(buf: Uint8Array): FlvFileHeader {
  if (buf.length < FLV_FILE_HEADER_SIZE) throw new ProtocolError('FLV: truncated file header');
  if (buf[0] !== 0x46 || buf[1] !== 0x4c || buf[2] !== 0x56) throw new ProtocolError('FLV: bad signature');
  const dataOffset = ((buf[5]! << 24) | (buf[6]! << 16) | (buf[7]! << 8) | buf[8]!) >>> 0;
  if (dataOffset < FLV_FILE_HEADER_SIZE || dataOffset > 0xffff)
    throw new ProtocolError('FLV: bad DataOffset');
  return { version: buf[3]!, hasAudio: (buf[4]! & 0x04) !== 0, hasVideo: (buf[4]! & 0x01) !== 0, dataOffset };
}

/** Writes an 11-byte tag header at `offset`; the timestamp is taken modulo 2^32 as the field is UI32. */
export function writeFlvTagHeader(
  target: Uint8Array,
  offset: number,
  type: number,
  dataSize: number,
  timestamp: number,
): void {
  if (dataSize > FLV_MAX_DATA_SIZE) throw new ProtocolError(`FLV: tag body of ${dataSize} bytes too large`);
  const ts = Math.floor(timestamp) >>> 0;
  target[offset] = type & 0x1f;
  target[offset + 1] = dataSize >>> 16;
  target[offset + 2] = (dataSize >>> 8) & 0xff;
  target[offset + 3] = dataSize & 0xff;
  target[offset + 4] = (ts >>> 16) & 0xff;
  target[offset + 5] = (ts >>> 8) & 0xff;
  target[offset + 6] = ts & 0xff;
  target[offset + 7] = ts >>> 24; // TimestampExtended holds the upper 8 bits
  target[offset + 8] = 0; // StreamID, always 0
  target[offset + 9] = 0;
  target[offset + 10] = 0;
}

/** Parses the 11-byte tag header at `offset`. */
export function parseFlvTagHeader(buf: Uint8Array, offset = 0): FlvTagHeader {
  if (buf.length - offset < FLV_TAG_HEADER_SIZE) throw new ProtocolError('FLV: truncated tag header');
  const b = (i: number): number => buf[offset + i]!;
  return {
    type: b(0) & 0x1f,
    dataSize: (b(1) << 16) | (b(2) << 8) | b(3),
    timestamp: ((b(7) << 24) | (b(4) << 16) | (b(5) << 8) | b(6)) >>> 0,
    filtered: (b(0) & 0x20) !== 0,
  };
}

/** Writes the PreviousTagSize that follows a tag with a `dataSize`-byte body. */
export function writePreviousTagSize(target: Uint8Array, offset: number, dataSize: number): void {
  const size = FLV_TAG_HEADER_SIZE + dataSize;
  target[offset] = size >>> 24;
  target[offset + 1] = (size >>> 16) & 0xff;
  target[offset + 2] = (size >>> 8) & 0xff;
  target[offset + 3] = size & 0xff;
}
