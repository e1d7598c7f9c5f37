// Test vectors shared by codec and FLV tests: parameter sets from libx264/libx265 (ffmpeg 5.1).

/** Test vector: the fixture's High-profile 640x360 SPS. */
export const H264_SPS = Buffer.from('6764001eacd940a02ff97011000003000100000300320f162d96', 'hex');
/** Test vector: the fixture's PPS. */
export const H264_PPS = Buffer.from('68ebecb22c', 'hex');

/** Test vector: an H.265 Main VPS. */
export const H265_VPS = Buffer.from('40010c01ffff01600000030090000003000003003f959809', 'hex');
/** Test vector: an H.265 Main 642x362 SPS (with a conformance window). */
export const H265_SPS = Buffer.from(
  '42010101600000030090000003000003003fa005120171c9265959a4932bc05a020000030002000003003210',
  'hex',
);
/** Test vector: an H.265 PPS. */
export const H265_PPS = Buffer.from('4401c172b46240', 'hex');

/** Test vector: HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1.2) written field by field. */
export const HEVC_RECORD = Buffer.from(
  [
    '01', // configurationVersion
    '01 60000000 900000000000 3f', // profile space/tier/idc, compatibility, constraints, level 63
    'f000 fc fd f8 f8', // min_spatial_segmentation, parallelismType, chroma 4:2:0, 8-bit luma/chroma
    '0000 0f', // avgFrameRate, temporal layers 1, temporalIdNested, lengthSizeMinusOne 3
    '03', // numOfArrays
    `a0 0001 ${hex16(H265_VPS.length)} ${H265_VPS.toString('hex')}`,
    `a1 0001 ${hex16(H265_SPS.length)} ${H265_SPS.toString('hex')}`,
    `a2 0001 ${hex16(H265_PPS.length)} ${H265_PPS.toString('hex')}`,
  ]
    .join('')
    .replace(/ /g, ''),
  'hex',
);

function hex16(n: number): string {
  return n.toString(16).padStart(4, '0');
}
