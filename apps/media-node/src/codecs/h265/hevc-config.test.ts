import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bytesNear } from '../testing/fuzz.ts';
import { H265_PPS, H265_SPS, HEVC_RECORD } from '../testing/vectors.ts';
import { hevcConfigNalUnit, parseHevcConfig } from './hevc-config.ts';
import { H265_NAL } from './nal-type.ts';
import { h265ProfileName, parseH265Sps } from './sps.ts';
import { h265VideoConfig } from './video-config.ts';

// More libx265 SPSs; sizes and levels as ffprobe reports them.
const SPS_SUB_LAYERS = Buffer.from(
  '4201020160000003009000000300000300780000a003c08010e5965662b349265780b4040000030004000003007820',
  'hex',
);
const SPS_MAIN10 = Buffer.from(
  '42010102200000030090000003000003005da00280802d1365959a4932bc05a020000003002000000303c1',
  'hex',
);
const SPS_642x362 = H265_SPS;
const PPS = H265_PPS;
const RECORD = HEVC_RECORD;

describe('H.265 SPS', () => {
  const cases = [
    {
      name: '642x362 (conformance window)',
      sps: SPS_642x362,
      want: { width: 642, height: 362, generalLevelIdc: 63 },
    },
    {
      name: '1920x1080 with a sub-layer',
      sps: SPS_SUB_LAYERS,
      want: { width: 1920, height: 1080, generalLevelIdc: 120 },
    },
    { name: 'Main 10 1280x720', sps: SPS_MAIN10, want: { width: 1280, height: 720, generalProfileIdc: 2 } },
  ];
  for (const c of cases) {
    it(`parses ${c.name}`, () => {
      expect(parseH265Sps(c.sps)).toMatchObject(c.want);
    });
  }

  it('names profiles and rejects non-SPS units', () => {
    expect(h265ProfileName(parseH265Sps(SPS_MAIN10).generalProfileIdc)).toBe('Main 10');
    expect(() => parseH265Sps(PPS)).toThrow(/not an SPS/);
    expect(() => parseH265Sps(SPS_642x362.subarray(0, 12))).toThrow(ProtocolError);
  });

  it('fuzz: random and mutated SPSs parse or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(SPS_642x362, SPS_SUB_LAYERS, SPS_MAIN10), (b) => parseH265Sps(b), 2000);
  });
});

describe('HEVCDecoderConfigurationRecord', () => {
  it('parses the header fields and NAL arrays', () => {
    const config = parseHevcConfig(RECORD);
    expect(config).toMatchObject({
      generalProfileIdc: 1,
      generalTierFlag: false,
      generalLevelIdc: 63,
      nalLengthSize: 4,
    });
    expect(config.arrays.map((a) => a.nalType)).toEqual([32, 33, 34]);
    expect(hevcConfigNalUnit(config, H265_NAL.SPS)).toEqual(SPS_642x362);
    expect(hevcConfigNalUnit(config, H265_NAL.AUD)).toBeUndefined();
  });

  it('maps a record to a VideoConfig normalised to 4-byte lengths', () => {
    const record = Buffer.from(RECORD);
    record[21] = 0x0d; // 2-byte lengths
    const config = h265VideoConfig(record);
    expect(config).toMatchObject({ codec: 'h265', width: 642, height: 362, profile: 'Main' });
    expect(config.record[21]).toBe(0x0f);
  });

  it('rejects truncated records and records without an SPS', () => {
    expect(() => parseHevcConfig(RECORD.subarray(0, 30))).toThrow(ProtocolError);
    const noArrays = Buffer.from(RECORD.subarray(0, 23));
    noArrays[22] = 0;
    expect(() => h265VideoConfig(noArrays)).toThrow(/no SPS/);
  });

  it('fuzz: random and mutated records parse (and map to a config) or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(RECORD), (b) => h265VideoConfig(b), 2000);
  });
});
