import { ProtocolError } from '../../core/errors.ts';

/** One NAL unit array of an HEVCDecoderConfigurationRecord. */
export interface HevcNalArray {
  readonly nalType: number;
  readonly nalUnits: readonly Buffer[];
}

/** The parts of an HEVCDecoderConfigurationRecord the node uses (ISO/IEC 14496-15 §8.3.3.1). */
export interface HevcConfig {
  readonly generalProfileIdc: number;
  readonly generalTierFlag: boolean;
  readonly generalLevelIdc: number;
  /** Bytes in each NAL unit length prefix of the samples (1, 2 or 4). */
  readonly nalLengthSize: number;
  readonly arrays: readonly HevcNalArray[];
}

// The fixed part before numOfArrays is 22 bytes (§8.3.3.1.1).
const FIXED_SIZE = 22;

/** Parses an HEVCDecoderConfigurationRecord; NAL units are views into `record`. */
export function parseHevcConfig(record: Buffer): HevcConfig {
  if (record.length < FIXED_SIZE + 1) throw new ProtocolError('HEVC config: record too short');
  if (record[0] !== 1) throw new ProtocolError(`HEVC config: unknown configurationVersion ${record[0]}`);
  const numArrays = record[FIXED_SIZE]!;
  let pos = FIXED_SIZE + 1;
  const arrays: HevcNalArray[] = [];
  for (let i = 0; i < numArrays; i++) {
    if (pos + 3 > record.length) throw new ProtocolError('HEVC config: truncated NAL array');
    const nalType = record[pos]! & 0x3f;
    const count = record.readUInt16BE(pos + 1);
    pos += 3;
    const nalUnits: Buffer[] = [];
    for (let j = 0; j < count; j++) {
      if (pos + 2 > record.length) throw new ProtocolError('HEVC config: truncated NAL unit');
      const len = record.readUInt16BE(pos);
      pos += 2;
      if (pos + len > record.length) throw new ProtocolError('HEVC config: NAL unit length exceeds record');
      nalUnits.push(record.subarray(pos, pos + len));
      pos += len;
    }
    arrays.push({ nalType, nalUnits });
  }
  return {
    generalProfileIdc: record[1]! & 0x1f,
    generalTierFlag: (record[1]! & 0x20) !== 0,
    generalLevelIdc: record[12]!,
    nalLengthSize: (record[21]! & 0x03) + 1,
    arrays,
  };
}

/** The first NAL unit of the given type in the record, e.g. H265_NAL.SPS. */
export function hevcConfigNalUnit(config: HevcConfig, nalType: number): Buffer | undefined {
  return config.arrays.find((a) => a.nalType === nalType)?.nalUnits[0];
}
