import { ProtocolError } from '../../core/errors.ts';
import {
  FLV_FILE_HEADER_SIZE,
  FLV_TAG_HEADER_SIZE,
  PREVIOUS_TAG_SIZE_SIZE,
  parseFlvFileHeader,
  parseFlvTagHeader,
} from './tag-header.ts';

/** One tag read from an FLV byte stream; `body` is a view, not a copy. */
export interface FlvTag {
  readonly type: number;
  /** Milliseconds (the tag's DTS). */
  readonly timestamp: number;
  readonly body: Buffer;
}

/**
 * Splits an FLV byte stream (a file, an HTTP-FLV response) into tags, fed in chunks of any size.
 * Chunks are only concatenated once enough bytes for the next step have arrived.
 */
export class FlvTagReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the next step needs: the file header first, then tag headers and bodies. */
  private need = FLV_FILE_HEADER_SIZE;
  private headerDone = false;

  /** Adds bytes and returns every tag they complete. Throws ProtocolError on a malformed stream. */
  push(chunk: Buffer): FlvTag[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.need) return [];
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const tags: FlvTag[] = [];
    let pos = 0;
    if (!this.headerDone) {
      const header = parseFlvFileHeader(buf);
      this.need = header.dataOffset + PREVIOUS_TAG_SIZE_SIZE;
      if (buf.length < this.need) return this.keep(buf, 0, tags);
      pos = this.need;
      this.headerDone = true;
      this.need = FLV_TAG_HEADER_SIZE;
    }
    while (buf.length - pos >= FLV_TAG_HEADER_SIZE) {
      const header = parseFlvTagHeader(buf, pos);
      if (header.filtered) throw new ProtocolError('FLV: encrypted (filtered) tags are not supported');
      const end = pos + FLV_TAG_HEADER_SIZE + header.dataSize + PREVIOUS_TAG_SIZE_SIZE;
      if (end > buf.length) {
        this.need = end - pos;
        return this.keep(buf, pos, tags);
      }
      const bodyStart = pos + FLV_TAG_HEADER_SIZE;
      tags.push({
        type: header.type,
        timestamp: header.timestamp,
        body: buf.subarray(bodyStart, bodyStart + header.dataSize),
      });
      pos = end;
    }
    this.need = FLV_TAG_HEADER_SIZE;
    return this.keep(buf, pos, tags);
  }

  private keep(buf: Buffer, pos: number, tags: FlvTag[]): FlvTag[] {
    const rest = buf.subarray(pos);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return tags;
  }
}
