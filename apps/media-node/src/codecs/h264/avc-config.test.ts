import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bytesNear } from '../testing/fuzz.ts';
import { H264_PPS, H264_SPS } from '../testing/vectors.ts';
import { avcCodecString, buildAvcConfig, parseAvcConfig } from './avc-config.ts';
import { h264VideoConfig } from './video-config.ts';

const HIGH_SPS = H264_SPS;
const HIGH_PPS = H264_PPS;
const BASE_SPS = Buffer.from('6742c01fd9005005bb0110000003001000000303c0f1832480', 'hex');
const BASE_PPS = Buffer.from('68cb83cb20', 'hex');

// ISO/IEC 14496-15 §5.3.3.1.1 field by field; the High record is byte-identical to the one ffmpeg wrote
// into the fixture, including the High-profile tail (chroma_format 1, 8-bit, no SPS extensions).
const records = [
  {
    name: 'High with profile tail',
    sps: [HIGH_SPS],
    pps: [HIGH_PPS],
    hex: `0164001e ff e1 001a ${HIGH_SPS.toString('hex')} 01 0005 ${HIGH_PPS.toString('hex')} fd f8 f8 00`,
  },
  {
    name: 'Constrained Baseline, two PPSs',
    sps: [BASE_SPS],
    pps: [BASE_PPS, HIGH_PPS],
    hex: `0142c01f ff e1 0019 ${BASE_SPS.toString('hex')} 02 0005 ${BASE_PPS.toString('hex')} 0005 ${HIGH_PPS.toString('hex')}`,
  },
];

describe('AVCDecoderConfigurationRecord', () => {
  for (const r of records) {
    it(`builds and parses ${r.name}`, () => {
      const bytes = Buffer.from(r.hex.replace(/ /g, ''), 'hex');
      expect(buildAvcConfig(r.sps, r.pps).toString('hex')).toBe(bytes.toString('hex'));
      const parsed = parseAvcConfig(bytes);
      expect(parsed.sps).toEqual(r.sps);
      expect(parsed.pps).toEqual(r.pps);
      expect(parsed).toMatchObject({ profileIdc: r.sps[0]![1], levelIdc: r.sps[0]![3], nalLengthSize: 4 });
    });
  }

  it('reads lengthSizeMinusOne and tolerates a missing High-profile tail', () => {
    const bytes = buildAvcConfig([HIGH_SPS], [HIGH_PPS]).subarray(0, -4);
    bytes[4] = 0xfd;
    expect(parseAvcConfig(bytes).nalLengthSize).toBe(2);
  });

  it('gives the RFC 6381 codec string', () => {
    expect(avcCodecString(buildAvcConfig([HIGH_SPS], [HIGH_PPS]))).toBe('avc1.64001e');
    expect(avcCodecString(buildAvcConfig([BASE_SPS], [BASE_PPS]))).toBe('avc1.42c01f');
  });

  it('maps a record to a VideoConfig, copied and normalised to 4-byte lengths', () => {
    const record = buildAvcConfig([HIGH_SPS], [HIGH_PPS]);
    record[4] = 0xfc; // 1-byte lengths
    const config = h264VideoConfig(record);
    expect(config).toMatchObject({ kind: 'video', codec: 'h264', width: 640, height: 360, profile: 'High' });
    expect(config.record[4]).toBe(0xff);
    expect(record[4]).toBe(0xfc);
  });

  it('rejects bad versions, truncation and missing parameter sets with ProtocolError', () => {
    const good = buildAvcConfig([HIGH_SPS], [HIGH_PPS]);
    expect(() => parseAvcConfig(Buffer.concat([Buffer.of(2), good.subarray(1)]))).toThrow(
      /configurationVersion/,
    );
    expect(() => parseAvcConfig(good.subarray(0, 20))).toThrow(ProtocolError);
    expect(() => buildAvcConfig([], [HIGH_PPS])).toThrow(/SPS is required/);
    expect(() => h264VideoConfig(Buffer.from('0164001effe000', 'hex'))).toThrow(/no SPS/);
  });

  it('fuzz: random and mutated records parse (and map to a config) or throw ProtocolError', () => {
    const seeds = records.map((r) => Buffer.from(r.hex.replace(/ /g, ''), 'hex'));
    assertParsesOrRejects(bytesNear(...seeds), (b) => h264VideoConfig(b), 3000);
  });
});
