import { ProtocolError } from '../core/errors.ts';

/**
 * Splits length-prefixed NAL units (the AVCC/HVCC sample format, ISO/IEC 14496-15 §5.3.2)
 * into views of `au`. Throws ProtocolError when a length runs past the end.
 */
export function splitNalUnits(au: Buffer, lengthSize = 4): Buffer[] {
  const nals: Buffer[] = [];
  let pos = 0;
  while (pos < au.length) {
    if (pos + lengthSize > au.length) throw new ProtocolError('NAL units: truncated length prefix');
    const len = au.readUIntBE(pos, lengthSize);
    pos += lengthSize;
    if (len > au.length - pos) throw new ProtocolError('NAL units: length exceeds access unit');
    nals.push(au.subarray(pos, pos + len));
    pos += len;
  }
  return nals;
}

/** Checks that `au` is well-formed length-prefixed NAL units without allocating. */
export function validateNalUnits(au: Buffer, lengthSize = 4): void {
  let pos = 0;
  while (pos < au.length) {
    if (pos + lengthSize > au.length) throw new ProtocolError('NAL units: truncated length prefix');
    const len = au.readUIntBE(pos, lengthSize);
    if (len > au.length - pos - lengthSize) throw new ProtocolError('NAL units: length exceeds access unit');
    pos += lengthSize + len;
  }
}

/** Joins NAL units into one access unit with 4-byte length prefixes, in one allocation. */
export function joinNalUnits(nals: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const nal of nals) size += 4 + nal.length;
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const nal of nals) {
    out.writeUInt32BE(nal.length, pos);
    out.set(nal, pos + 4);
    pos += 4 + nal.length;
  }
  return out;
}

/** Rewrites an access unit from `lengthSize`-byte prefixes to 4-byte ones (no-op when already 4). */
export function toFourByteLengths(au: Buffer, lengthSize: number): Buffer {
  return lengthSize === 4 ? au : joinNalUnits(splitNalUnits(au, lengthSize));
}

/** True when some NAL unit in the access unit satisfies `match` on its first header byte. */
export function someNalUnit(au: Buffer, match: (header: number) => boolean, lengthSize = 4): boolean {
  let pos = 0;
  while (pos + lengthSize < au.length) {
    const len = au.readUIntBE(pos, lengthSize);
    pos += lengthSize;
    if (len > 0 && match(au[pos]!)) return true;
    pos += len;
  }
  return false;
}
