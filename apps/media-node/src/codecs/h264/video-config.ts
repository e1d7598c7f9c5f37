import { ProtocolError } from '../../core/errors.ts';
import type { VideoConfig } from '../../core/frame.ts';
import { parseAvcConfig } from './avc-config.ts';
import { h264ProfileName, parseH264Sps } from './sps.ts';

/**
 * Builds the frame model's VideoConfig from an AVCDecoderConfigurationRecord. The record is copied
 * (configs outlive the buffers they arrive in) and rewritten to 4-byte NAL lengths, the model's form.
 */
export function h264VideoConfig(record: Buffer): VideoConfig {
  const avc = parseAvcConfig(record);
  const spsNal = avc.sps[0];
  if (spsNal === undefined) throw new ProtocolError('AVC config: no SPS');
  const sps = parseH264Sps(spsNal);
  const copy = Buffer.from(record);
  copy[4] = copy[4]! | 0x03; // lengthSizeMinusOne = 3
  return {
    kind: 'video',
    codec: 'h264',
    record: copy,
    width: sps.width,
    height: sps.height,
    profile: h264ProfileName(sps.profileIdc, sps.constraintFlags),
  };
}
