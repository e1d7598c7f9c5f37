import { ProtocolError } from '../../core/errors.ts';
import { BitReader } from '../bit-reader.ts';
import { removeEmulationPrevention } from '../h264/emulation-prevention.ts';

/** What the node needs from an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2.1). */
export interface H265Sps {
  readonly generalProfileIdc: number;
  readonly generalLevelIdc: number;
  readonly chromaFormatIdc: number;
  /** Display size after the conformance window. */
  readonly width: number;
  readonly height: number;
}

const MAX_DIMENSION = 16_384;

/** Parses an SPS NAL unit (2-byte header included) far enough to get profile, level and size. */
export function parseH265Sps(nal: Uint8Array): H265Sps {
  if (nal.length < 4 || ((nal[0]! >>> 1) & 0x3f) !== 33)
    throw new ProtocolError('H.265 SPS: not an SPS NAL unit');
  const r = new BitReader(removeEmulationPrevention(nal.subarray(2)), 'H.265 SPS');
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.u(3);
  r.skip(1); // sps_temporal_id_nesting_flag
  // profile_tier_level(1, sps_max_sub_layers_minus1), §7.3.3.
  r.skip(3); // general_profile_space, general_tier_flag
  const generalProfileIdc = r.u(5);
  r.skip(32 + 48); // compatibility flags, constraint flags
  const generalLevelIdc = r.u(8);
  const subLayerProfile: boolean[] = [];
  const subLayerLevel: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    subLayerProfile.push(r.flag());
    subLayerLevel.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (subLayerProfile[i]) r.skip(88);
    if (subLayerLevel[i]) r.skip(8);
  }
  r.ue(); // sps_seq_parameter_set_id
  const chromaFormatIdc = r.ue();
  if (chromaFormatIdc > 3) throw new ProtocolError('H.265 SPS: bad chroma_format_idc');
  const separateColourPlane = chromaFormatIdc === 3 && r.flag();
  let width = r.ue();
  let height = r.ue();
  if (r.flag()) {
    // conf_win offsets are in chroma units (§7.4.3.2.1, Table 6-1).
    const chroma = separateColourPlane ? 0 : chromaFormatIdc;
    const subWidthC = chroma === 1 || chroma === 2 ? 2 : 1;
    const subHeightC = chroma === 1 ? 2 : 1;
    width -= subWidthC * (r.ue() + r.ue());
    height -= subHeightC * (r.ue() + r.ue());
  }
  if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw new ProtocolError(`H.265 SPS: implausible size ${width}x${height}`);
  }
  return { generalProfileIdc, generalLevelIdc, chromaFormatIdc, width, height };
}

/** Maps general_profile_idc to its name (H.265 Annex A.3). */
export function h265ProfileName(profileIdc: number): string {
  switch (profileIdc) {
    case 1:
      return 'Main';
    case 2:
      return 'Main 10';
    case 3:
      return 'Main Still Picture';
    case 4:
      return 'Range Extensions';
    default:
      return `profile ${profileIdc}`;
  }
}
