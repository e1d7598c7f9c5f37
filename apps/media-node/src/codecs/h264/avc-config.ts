import { ProtocolError } from '../../core/errors.ts';
import { parseH264Sps } from './sps.ts';

/** An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
export interface AvcConfig {
  readonly profileIdc: number;
  readonly profileCompatibility: number;
  readonly levelIdc: number;
  /** Bytes in each NAL unit length prefix of the samples (1, 2 or 4). */
  readonly nalLengthSize: number;
  readonly sps: readonly Buffer[];
  readonly pps: readonly Buffer[];
}

// Profiles for which the record carries chroma_format / bit depth / SPS extensions (§5.3.3.1.2).
const EXTENDED_PROFILES = new Set([100, 110, 122, 144]);

/** Parses an AVCDecoderConfigurationRecord; SPS/PPS are views into `record`. */
export function parseAvcConfig(record: Buffer): AvcConfig {
  if (record.length < 7) throw new ProtocolError('AVC config: record too short');
  if (record[0] !== 1) throw new ProtocolError(`AVC config: unknown configurationVersion ${record[0]}`);
  let pos = 5;
  const readList = (count: number): Buffer[] => {
    const out: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      if (pos + 2 > record.length) throw new ProtocolError('AVC config: truncated parameter set list');
      const len = record.readUInt16BE(pos);
      pos += 2;
      if (len === 0 || pos + len > record.length)
        throw new ProtocolError('AVC config: bad parameter set length');
      out.push(record.subarray(pos, pos + len));
      pos += len;
    }
    return out;
  };
  const sps = readList(record[pos++]! & 0x1f);
  if (pos >= record.length) throw new ProtocolError('AVC config: missing PPS count');
  const pps = readList(record[pos++]!);
  // The high-profile tail (§5.3.3.1.2) is left unread: many muxers omit it and the SPS says it all.
  return {
    profileIdc: record[1]!,
    profileCompatibility: record[2]!,
    levelIdc: record[3]!,
    nalLengthSize: (record[4]! & 0x03) + 1,
    sps,
    pps,
  };
}

/** Builds an AVCDecoderConfigurationRecord with 4-byte NAL lengths from SPS and PPS NAL units. */
export function buildAvcConfig(sps: readonly Uint8Array[], pps: readonly Uint8Array[]): Buffer {
  const first = sps[0];
  if (first === undefined || first.length < 4) throw new ProtocolError('AVC config: an SPS is required');
  if (sps.length > 31 || pps.length > 255) throw new ProtocolError('AVC config: too many parameter sets');
  const extended = EXTENDED_PROFILES.has(first[1]!);
  let size = 7 + (extended ? 4 : 0);
  for (const ps of [...sps, ...pps]) {
    if (ps.length > 0xffff) throw new ProtocolError('AVC config: parameter set too large');
    size += 2 + ps.length;
  }
  const out = Buffer.allocUnsafe(size);
  out[0] = 1;
  out[1] = first[1]!; // profile_idc
  out[2] = first[2]!; // constraint flags
  out[3] = first[3]!; // level_idc
  out[4] = 0xfc | 3; // reserved '111111' + lengthSizeMinusOne
  out[5] = 0xe0 | sps.length; // reserved '111' + numOfSequenceParameterSets
  let pos = writeList(out, 6, sps);
  out[pos++] = pps.length;
  pos = writeList(out, pos, pps);
  if (extended) {
    const parsed = parseH264Sps(first);
    out[pos++] = 0xfc | parsed.chromaFormatIdc;
    out[pos++] = 0xf8 | (parsed.bitDepthLuma - 8);
    out[pos++] = 0xf8 | (parsed.bitDepthChroma - 8);
    out[pos++] = 0; // numOfSequenceParameterSetExt
  }
  return out;
}

/** RFC 6381 codec string (`avc1.PPCCLL`) for HLS CODECS and MSE, from a record. */
export function avcCodecString(record: Uint8Array): string {
  if (record.length < 4) throw new ProtocolError('AVC config: record too short');
  const hex = (b: number): string => b.toString(16).padStart(2, '0');
  return `avc1.${hex(record[1]!)}${hex(record[2]!)}${hex(record[3]!)}`;
}

function writeList(out: Buffer, pos: number, list: readonly Uint8Array[]): number {
  for (const ps of list) {
    out.writeUInt16BE(ps.length, pos);
    out.set(ps, pos + 2);
    pos += 2 + ps.length;
  }
  return pos;
}
