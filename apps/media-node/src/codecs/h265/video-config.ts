import { ProtocolError } from '../../core/errors.ts';
import type { VideoConfig } from '../../core/frame.ts';
import { hevcConfigNalUnit, parseHevcConfig } from './hevc-config.ts';
import { H265_NAL } from './nal-type.ts';
import { h265ProfileName, parseH265Sps } from './sps.ts';

/**
 * Builds the frame model's VideoConfig from an HEVCDecoderConfigurationRecord. The record is copied
 * and rewritten to 4-byte NAL lengths, the model's form.
 */
export function h265VideoConfig(record: Buffer): VideoConfig {
  const hevc = parseHevcConfig(record);
  const spsNal = hevcConfigNalUnit(hevc, H265_NAL.SPS);
  if (spsNal === undefined) throw new ProtocolError('HEVC config: no SPS');
  const sps = parseH265Sps(spsNal);
  const copy = Buffer.from(record);
  copy[21] = copy[21]! | 0x03; // lengthSizeMinusOne = 3
  return {
    kind: 'video',
    codec: 'h265',
    record: copy,
    width: sps.width,
    height: sps.height,
    profile: h265ProfileName(sps.generalProfileIdc),
  };
}
