import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bits, bytesNear } from '../testing/fuzz.ts';
import { h264ProfileName, parseH264Sps } from './sps.ts';

// SPS NAL units from libx264 (ffmpeg 5.1); expectations are what ffprobe reports for each stream.
const x264: Array<{ name: string; hex: string; expect: Record<string, unknown> }> = [
  {
    name: 'High 640x360 (fixture; bottom crop 8)',
    hex: '6764001eacd940a02ff97011000003000100000300320f162d96',
    expect: { profileIdc: 100, levelIdc: 30, width: 640, height: 360, fps: 25, chromaFormatIdc: 1 },
  },
  {
    name: 'Constrained Baseline 1280x720 @30 (escaped VUI timing)',
    hex: '6742c01fd9005005bb0110000003001000000303c0f1832480',
    expect: { profileIdc: 66, constraintFlags: 0xc0, levelIdc: 31, width: 1280, height: 720, fps: 30 },
  },
  {
    name: 'High 320x240 @24000/1001',
    hex: '6764000dacd94141fb011000003e90000bb800f1429960',
    expect: { profileIdc: 100, levelIdc: 13, width: 320, height: 240, fps: 24000 / 1001 },
  },
  {
    name: 'High 10 640x360',
    hex: '676e001ea6cd940a02ff97011000000300100000030320f162d960',
    expect: { profileIdc: 110, width: 640, height: 360, bitDepthLuma: 10, bitDepthChroma: 10, fps: 25 },
  },
  {
    name: 'High 4:4:4 Predictive 641x361 (crop unit 1)',
    hex: '67f4001f919b281485fc211180880000030008000003032078c18cb0',
    expect: { profileIdc: 244, chromaFormatIdc: 3, width: 641, height: 361, fps: 50 },
  },
  {
    name: 'High 720x576 interlaced (field map units)',
    hex: '6764001eacd940b424d8088000000300800000190f8a14cb',
    expect: { profileIdc: 100, width: 720, height: 576, frameMbsOnly: false, fps: 25 },
  },
];

// Hand-built SPSs (§7.3.2.1.1), written field by field.
const BASELINE_QCIF_NO_VUI = bits(
  '0 11 00111 01000010 11000000 00011110' + // NAL header, profile_idc 66, constraint_set0/1, level_idc 30
    ' 1 1 011 010 0' + // sps_id 0, log2_max_frame_num_minus4 0, poc_type 2, max_num_ref_frames 1, gaps 0
    ' 0001011 0001001' + // pic_width_in_mbs_minus1 10, pic_height_in_map_units_minus1 8 → 176x144
    ' 1 1 0 0 1', // frame_mbs_only, direct_8x8_inference, no cropping, no VUI, rbsp_stop_one_bit
);

function highWithScalingLists(chromaFormat: '010' | '00100'): Buffer {
  // chroma_format_idc 1 carries 8 scaling-list flags, 3 carries 12 (and separate_colour_plane_flag).
  const lists = chromaFormat === '010' ? 8 : 12;
  // List 0 present: one delta_scale of -8 makes nextScale 0, ending the list (use default).
  // List 6 (8x8) present: 64 deltas of 0 (se '1').
  let flags = '';
  for (let i = 0; i < lists; i++) {
    if (i === 0)
      flags += '1 000010001'; // se(-8) is codeNum 16
    else if (i === 6) flags += `1 ${'1'.repeat(64)}`;
    else flags += '0';
  }
  return bits(
    '0 11 00111 01100100 00000000 00101000' + // profile 100, level 40
      ' 1' + // sps_id 0
      ` ${chromaFormat}${chromaFormat === '00100' ? ' 0' : ''}` + // chroma_format_idc (+ separate_colour_plane 0)
      ' 1 1 0 1' + // bit depths 8/8, qpprime bypass 0, seq_scaling_matrix_present 1
      ` ${flags}` +
      ' 1 1 1 010 0' + // log2_max_frame_num 0, poc_type 0, log2_max_poc_lsb 0, max_num_ref_frames 1, gaps 0
      ' 000010100 000010001' + // width_mbs_minus1 19, height_map_units_minus1 16 → 320x272
      ' 1 1 1 1 1 1 011' + // frame_mbs_only, direct_8x8, cropping: left 0, right 0, top 0, bottom 2
      ' 1 0 0 0 0 1 ' + // VUI: no aspect, overscan, signal, chroma loc; timing present
      '00000000000000000000001111101001 00000000000000001110101001100000 1', // 1001 / 60000
  );
}

describe('parseH264Sps', () => {
  for (const c of x264) {
    it(`parses ${c.name}`, () => {
      expect(parseH264Sps(Buffer.from(c.hex, 'hex'))).toMatchObject(c.expect);
    });
  }

  it('parses a hand-built Baseline QCIF SPS without VUI', () => {
    const sps = parseH264Sps(BASELINE_QCIF_NO_VUI);
    expect(sps).toEqual({
      profileIdc: 66,
      constraintFlags: 0xc0,
      levelIdc: 30,
      chromaFormatIdc: 1,
      bitDepthLuma: 8,
      bitDepthChroma: 8,
      width: 176,
      height: 144,
      frameMbsOnly: true,
    });
    expect(h264ProfileName(sps.profileIdc, sps.constraintFlags)).toBe('Constrained Baseline');
  });

  it('skips scaling lists of 4:2:0 (8 lists) and 4:4:4 (12 lists) High SPSs', () => {
    const yuv420 = parseH264Sps(highWithScalingLists('010'));
    expect(yuv420).toMatchObject({ width: 320, height: 268, chromaFormatIdc: 1 });
    expect(yuv420.fps).toBeCloseTo(29.97, 2);
    // 4:4:4 crops in luma units: 272 - 2.
    expect(parseH264Sps(highWithScalingLists('00100'))).toMatchObject({
      width: 320,
      height: 270,
      chromaFormatIdc: 3,
    });
  });

  it('keeps the size when the VUI is truncated after it', () => {
    const full = Buffer.from(x264[0]!.hex, 'hex');
    const sps = parseH264Sps(full.subarray(0, 14));
    expect(sps).toMatchObject({ width: 640, height: 360 });
    expect(sps.fps).toBeUndefined();
  });

  it('rejects non-SPS units, truncation and impossible sizes with ProtocolError', () => {
    expect(() => parseH264Sps(Buffer.from('68ebecb22c', 'hex'))).toThrow(/not an SPS/);
    expect(() => parseH264Sps(Buffer.from('6764001eac', 'hex'))).toThrow(ProtocolError);
    // Cropping more than the picture: right offset 200 on 176 wide.
    const overCropped = bits(
      '0 11 00111 01000010 11000000 00011110 1 1 011 010 0 0001011 0001001 1 1 1 1 000000011001001 1 1 0 1',
    );
    expect(() => parseH264Sps(overCropped)).toThrow(/implausible size/);
  });

  it('fuzz: random and mutated SPSs parse or throw ProtocolError', () => {
    const seeds = [
      ...x264.map((c) => Buffer.from(c.hex, 'hex')),
      BASELINE_QCIF_NO_VUI,
      highWithScalingLists('010'),
    ];
    assertParsesOrRejects(bytesNear(...seeds), (b) => parseH264Sps(b), 3000);
  });
});
