import { ProtocolError } from '../../core/errors.ts';
import { BitReader } from '../bit-reader.ts';
import { removeEmulationPrevention } from './emulation-prevention.ts';

/** What the node needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1). */
export interface H264Sps {
  readonly profileIdc: number;
  /** constraint_set0..5 flags and reserved bits, the byte after profile_idc. */
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  /** Display size after frame cropping. */
  readonly width: number;
  readonly height: number;
  readonly frameMbsOnly: boolean;
  /** Frames per second from VUI timing info (time_scale / (2 * num_units_in_tick)), when present. */
  readonly fps?: number;
}

// Profiles whose SPS carries chroma format, bit depth and scaling lists (§7.3.2.1.1).
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);
/** Frame dimensions past this are treated as corrupt rather than trusted. */
const MAX_DIMENSION = 16_384;

/** Parses an SPS NAL unit (header byte included). Throws ProtocolError on malformed input. */
export function parseH264Sps(nal: Uint8Array): H264Sps {
  if (nal.length < 4 || (nal[0]! & 0x1f) !== 7) throw new ProtocolError('H.264 SPS: not an SPS NAL unit');
  const r = new BitReader(removeEmulationPrevention(nal.subarray(1)), 'H.264 SPS');
  const profileIdc = r.u(8);
  const constraintFlags = r.u(8);
  const levelIdc = r.u(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc > 3) throw new ProtocolError('H.264 SPS: bad chroma_format_idc');
    if (chromaFormatIdc === 3) separateColourPlane = r.flag();
    bitDepthLuma = r.ue() + 8;
    bitDepthChroma = r.ue() + 8;
    if (bitDepthLuma > 14 || bitDepthChroma > 14) throw new ProtocolError('H.264 SPS: bad bit depth');
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) skipScalingMatrix(r, chromaFormatIdc === 3 ? 12 : 8);
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (pocType === 1) {
    r.skip(1); // delta_pic_order_always_zero_flag
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = r.ue();
    if (cycle > 255) throw new ProtocolError('H.264 SPS: num_ref_frames_in_pic_order_cnt_cycle too large');
    for (let i = 0; i < cycle; i++) r.se();
  } else if (pocType !== 2) {
    throw new ProtocolError('H.264 SPS: bad pic_order_cnt_type');
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.flag();
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let width = widthMbs * 16;
  let height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
  if (r.flag()) {
    // Crop units per §7.4.2.1.1 (frame_crop_*_offset semantics).
    const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const subWidthC = chromaFormatIdc === 3 ? 1 : 2;
    const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
    const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
    const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
    width -= cropUnitX * (r.ue() + r.ue());
    height -= cropUnitY * (r.ue() + r.ue());
  }
  if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw new ProtocolError(`H.264 SPS: implausible size ${width}x${height}`);
  }
  const fps = r.flag() ? vuiFpsLenient(r) : undefined;
  const sps = { profileIdc, constraintFlags, levelIdc, chromaFormatIdc, bitDepthLuma, bitDepthChroma };
  return fps === undefined
    ? { ...sps, width, height, frameMbsOnly }
    : { ...sps, width, height, frameMbsOnly, fps };
}

/** Maps profile_idc to its name (H.264 Annex A.2), for logs and VideoConfig.profile. */
export function h264ProfileName(profileIdc: number, constraintFlags = 0): string {
  switch (profileIdc) {
    case 66:
      return constraintFlags & 0x40 ? 'Constrained Baseline' : 'Baseline';
    case 77:
      return 'Main';
    case 88:
      return 'Extended';
    case 100:
      return 'High';
    case 110:
      return 'High 10';
    case 122:
      return 'High 4:2:2';
    case 244:
      return 'High 4:4:4 Predictive';
    default:
      return `profile ${profileIdc}`;
  }
}

// The lists' values do not matter here, only their length in bits (§7.3.2.1.1.1).
function skipScalingMatrix(r: BitReader, count: number): void {
  for (let i = 0; i < count; i++) {
    if (!r.flag()) continue;
    const size = i < 6 ? 16 : 64;
    let last = 8;
    let next = 8;
    for (let j = 0; j < size && next !== 0; j++) {
      next = (last + r.se() + 256) % 256;
      if (next !== 0) last = next;
    }
  }
}

// Some encoders write truncated VUI; the size is already known, so a broken VUI only loses fps.
function vuiFpsLenient(r: BitReader): number | undefined {
  try {
    return vuiFps(r);
  } catch (err) {
    if (err instanceof ProtocolError) return undefined;
    throw err;
  }
}

// VUI up to timing_info (Annex E.1.1); everything after it is irrelevant here.
function vuiFps(r: BitReader): number | undefined {
  if (r.flag() && r.u(8) === 255) r.skip(32); // aspect_ratio_idc == Extended_SAR: sar_width, sar_height
  if (r.flag()) r.skip(1); // overscan_appropriate_flag
  if (r.flag()) {
    r.skip(4); // video_format, video_full_range_flag
    if (r.flag()) r.skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.flag()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  if (!r.flag()) return undefined;
  const unitsInTick = r.u(32);
  const timeScale = r.u(32);
  if (unitsInTick === 0 || timeScale === 0) return undefined;
  return timeScale / (2 * unitsInTick);
}
