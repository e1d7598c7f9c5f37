import { ProtocolError } from '../../core/errors.ts';

/** A value AMF0 can carry; ECMA arrays decode to plain objects, typed objects drop their class name. */
export type Amf0Value = number | boolean | string | null | undefined | Date | Amf0Value[] | Amf0Object;
/** An AMF0 anonymous object or ECMA array. */
export interface Amf0Object {
  [key: string]: Amf0Value;
}

// AMF0 type markers, AMF0 spec §2.1.
const NUMBER = 0x00;
const BOOLEAN = 0x01;
const STRING = 0x02;
const OBJECT = 0x03;
const NULL = 0x05;
const UNDEFINED = 0x06;
const REFERENCE = 0x07;
const ECMA_ARRAY = 0x08;
const OBJECT_END = 0x09;
const STRICT_ARRAY = 0x0a;
const DATE = 0x0b;
const LONG_STRING = 0x0c;
const UNSUPPORTED = 0x0d;
const XML_DOCUMENT = 0x0f;
const TYPED_OBJECT = 0x10;
const AVMPLUS = 0x11;

/** Nesting deeper than this is refused so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

/** Decodes every AMF0 value in `buf` (AMF0 spec §2). Throws ProtocolError on malformed input. */
export function decodeAmf0(buf: Uint8Array): Amf0Value[] {
  const reader = new Amf0Reader(
    Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length),
  );
  const values: Amf0Value[] = [];
  while (reader.pos < reader.buf.length) values.push(reader.value(0));
  return values;
}

/** Encodes values back to back, as RTMP command and data messages carry them. */
export function encodeAmf0(...values: Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) writeValue(parts, v, 0);
  return Buffer.concat(parts);
}

class Amf0Reader {
  pos = 0;
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtocolError('AMF0: truncated value');
  }

  value(depth: number): Amf0Value {
    if (depth > MAX_DEPTH) throw new ProtocolError('AMF0: nesting too deep');
    this.need(1);
    const marker = this.buf[this.pos++]!;
    switch (marker) {
      case NUMBER:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleBE(this.pos - 8);
      case BOOLEAN:
        this.need(1);
        return this.buf[this.pos++] !== 0;
      case STRING:
        return this.shortString();
      case LONG_STRING:
      case XML_DOCUMENT:
        return this.longString();
      case OBJECT:
        return this.properties({}, depth);
      case TYPED_OBJECT:
        this.shortString();
        return this.properties({}, depth);
      case ECMA_ARRAY:
        // The count is advisory; encoders disagree on it, so the end marker decides.
        this.need(4);
        this.pos += 4;
        return this.properties({}, depth);
      case STRICT_ARRAY:
        return this.strictArray(depth);
      case DATE: {
        this.need(10);
        const ms = this.buf.readDoubleBE(this.pos);
        this.pos += 10;
        return new Date(ms);
      }
      case NULL:
        return null;
      case UNDEFINED:
      case UNSUPPORTED:
        return undefined;
      case REFERENCE:
        this.need(2);
        this.pos += 2;
        return undefined;
      case AVMPLUS:
        throw new ProtocolError('AMF0: AMF3 values are not supported');
      default:
        throw new ProtocolError(`AMF0: unknown type marker 0x${marker.toString(16)}`);
    }
  }

  private shortString(): string {
    this.need(2);
    const len = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    this.need(len);
    this.pos += len;
    return this.buf.toString('utf8', this.pos - len, this.pos);
  }

  private longString(): string {
    this.need(4);
    const len = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    this.need(len);
    this.pos += len;
    return this.buf.toString('utf8', this.pos - len, this.pos);
  }

  private properties(target: Amf0Object, depth: number): Amf0Object {
    for (;;) {
      // Some encoders end an ECMA array at the buffer's end without an end marker.
      if (this.pos === this.buf.length) return target;
      const key = this.shortString();
      this.need(1);
      if (key === '' && this.buf[this.pos] === OBJECT_END) {
        this.pos++;
        return target;
      }
      const value = this.value(depth + 1);
      // Own-property definition keeps a hostile "__proto__" key from touching the prototype.
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }

  private strictArray(depth: number): Amf0Value[] {
    this.need(4);
    const count = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    // Every element takes at least one byte, so a count beyond the remaining bytes is a lie.
    if (count > this.buf.length - this.pos) throw new ProtocolError('AMF0: strict array count exceeds data');
    const out: Amf0Value[] = [];
    for (let i = 0; i < count; i++) out.push(this.value(depth + 1));
    return out;
  }
}

function writeValue(parts: Buffer[], v: Amf0Value, depth: number): void {
  if (depth > MAX_DEPTH) throw new RangeError('AMF0: nesting too deep');
  if (v === null) {
    parts.push(Buffer.of(NULL));
  } else if (v === undefined) {
    parts.push(Buffer.of(UNDEFINED));
  } else if (typeof v === 'number') {
    const b = Buffer.allocUnsafe(9);
    b[0] = NUMBER;
    b.writeDoubleBE(v, 1);
    parts.push(b);
  } else if (typeof v === 'boolean') {
    parts.push(Buffer.of(BOOLEAN, v ? 1 : 0));
  } else if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    if (s.length <= 0xffff) {
      const h = Buffer.allocUnsafe(3);
      h[0] = STRING;
      h.writeUInt16BE(s.length, 1);
      parts.push(h, s);
    } else {
      const h = Buffer.allocUnsafe(5);
      h[0] = LONG_STRING;
      h.writeUInt32BE(s.length, 1);
      parts.push(h, s);
    }
  } else if (v instanceof Date) {
    const b = Buffer.alloc(11);
    b[0] = DATE;
    b.writeDoubleBE(v.getTime(), 1);
    parts.push(b);
  } else if (Array.isArray(v)) {
    const h = Buffer.allocUnsafe(5);
    h[0] = STRICT_ARRAY;
    h.writeUInt32BE(v.length, 1);
    parts.push(h);
    for (const item of v) writeValue(parts, item, depth + 1);
  } else {
    parts.push(Buffer.of(OBJECT));
    writeProperties(parts, v, depth);
  }
}

/** Encodes an ECMA array, the form onMetaData conventionally uses. */
export function encodeAmf0EcmaArray(obj: Amf0Object): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.allocUnsafe(5);
  h[0] = ECMA_ARRAY;
  h.writeUInt32BE(Object.keys(obj).length, 1);
  parts.push(h);
  writeProperties(parts, obj, 0);
  return Buffer.concat(parts);
}

function writeProperties(parts: Buffer[], obj: Amf0Object, depth: number): void {
  for (const [key, value] of Object.entries(obj)) {
    const k = Buffer.from(key, 'utf8');
    if (k.length > 0xffff) throw new RangeError('AMF0: property name too long');
    const h = Buffer.allocUnsafe(2);
    h.writeUInt16BE(k.length, 0);
    parts.push(h, k);
    writeValue(parts, value, depth + 1);
  }
  parts.push(Buffer.of(0, 0, OBJECT_END));
}
