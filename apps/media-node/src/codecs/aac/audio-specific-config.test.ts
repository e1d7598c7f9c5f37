import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { assertParsesOrRejects, bits, bytesNear } from '../testing/fuzz.ts';
import { aacAudioConfig } from './audio-config.ts';
import { type AacConfig, buildAacConfig, parseAacConfig } from './audio-specific-config.ts';

const SYNC_SBR = '01010110111 00101'; // syncExtensionType 0x2b7, extensionAudioObjectType 5
const SYNC_PS = '10101001000'; // syncExtensionType 0x548

// AudioSpecificConfigs written field by field (ISO/IEC 14496-3 §1.6.2.1, GASpecificConfig §4.4.1).
const cases: Array<{ name: string; asc: Buffer; want: Partial<AacConfig> }> = [
  {
    name: 'AAC LC 44.1 kHz stereo',
    asc: bits('00010 0100 0010 000'),
    want: {
      objectType: 2,
      sampleRate: 44100,
      channels: 2,
      sbr: false,
      outputSampleRate: 44100,
      outputChannels: 2,
    },
  },
  {
    name: 'AAC LC from the fixture (sync extension with sbrPresentFlag 0)',
    asc: Buffer.from('121056e500', 'hex'),
    want: { objectType: 2, sampleRate: 44100, channels: 2, sbr: false, outputSampleRate: 44100 },
  },
  {
    name: 'explicit frequency (index 15, 44056 Hz) mono',
    asc: bits('00010 1111 000000001010110000011000 0001 000'),
    want: { objectType: 2, sampleRate: 44056, channels: 1 },
  },
  {
    name: 'HE-AAC, explicit hierarchical signalling (AOT 5)',
    asc: bits('00101 0110 0010 0011 00010 000'),
    want: { objectType: 2, sampleRate: 24000, channels: 2, sbr: true, ps: false, outputSampleRate: 48000 },
  },
  {
    name: 'HE-AACv2, explicit (AOT 29): mono core, stereo out',
    asc: bits('11101 0110 0001 0011 00010 000'),
    want: { sampleRate: 24000, channels: 1, sbr: true, ps: true, outputSampleRate: 48000, outputChannels: 2 },
  },
  {
    name: 'HE-AACv2, backward-compatible sync extensions',
    asc: bits(`00010 0111 0001 000 ${SYNC_SBR} 1 0100 ${SYNC_PS} 1`),
    want: { sampleRate: 22050, channels: 1, sbr: true, ps: true, outputSampleRate: 44100, outputChannels: 2 },
  },
  {
    name: 'escaped object type 39 (ER AAC ELD)',
    asc: bits('11111 000111 0011 0001'),
    want: { objectType: 39, sampleRate: 48000, channels: 1 },
  },
  {
    name: 'channelConfiguration 0 with a 5.1 program_config_element, then implicit SBR',
    asc: bits(
      '00010 0011 0000 000' + // LC, 48 kHz, channels from PCE, GASpecificConfig flags
        ' 0000 01 0011 0010 0000 0001 01 000 0000 0 0 0' + // PCE counts: 2 front, 0 side, 1 back, 1 LFE
        ' 0 0000 1 0001 1 0010 0000' + // front SCE, front CPE, back CPE, LFE tag
        ` 000 00000000 ${SYNC_SBR} 1 0000`, // byte_alignment, no comment; SBR to 96 kHz
    ),
    want: { objectType: 2, sampleRate: 48000, channels: 6, sbr: true, outputSampleRate: 96000 },
  },
  {
    name: '7.1 (channelConfiguration 7 is eight channels)',
    asc: bits('00010 0011 0111 000'),
    want: { channels: 8 },
  },
];

describe('AudioSpecificConfig', () => {
  for (const c of cases) {
    it(`parses ${c.name}`, () => {
      expect(parseAacConfig(c.asc)).toMatchObject(c.want);
    });
  }

  it('builds configs that match the hand-written vectors', () => {
    expect(buildAacConfig({ objectType: 2, sampleRate: 44100, channelConfiguration: 2 })).toEqual(
      cases[0]!.asc,
    );
    expect(buildAacConfig({ objectType: 2, sampleRate: 44056, channelConfiguration: 1 })).toEqual(
      cases[2]!.asc,
    );
    expect(buildAacConfig({ objectType: 39, sampleRate: 48000, channelConfiguration: 1 })).toEqual(
      bits('11111 000111 0011 0001 000'),
    );
  });

  it('round-trips every table rate and channel configuration', () => {
    for (const sampleRate of [96000, 48000, 44100, 22050, 7350, 12345]) {
      for (let channelConfiguration = 1; channelConfiguration <= 7; channelConfiguration++) {
        const parsed = parseAacConfig(buildAacConfig({ objectType: 2, sampleRate, channelConfiguration }));
        expect(parsed).toMatchObject({
          objectType: 2,
          sampleRate,
          channels: channelConfiguration === 7 ? 8 : channelConfiguration,
        });
      }
    }
  });

  it('maps to an AudioConfig with the decoder output rate and channels', () => {
    const config = aacAudioConfig(cases[4]!.asc);
    expect(config).toEqual({
      kind: 'audio',
      codec: 'aac',
      record: cases[4]!.asc,
      sampleRate: 48000,
      channels: 2,
    });
    expect(config.record).not.toBe(cases[4]!.asc);
  });

  it('rejects reserved indexes, zero channels, truncation and unbuildable input', () => {
    expect(() => parseAacConfig(bits('00010 1101 0010 000'))).toThrow(/reserved frequency index 13/);
    const emptyPce = bits(
      '00010 0100 0000 000 0000 01 0100 0000 0000 0000 00 000 0000 0 0 0 000000 00000000',
    );
    expect(() => parseAacConfig(emptyPce)).toThrow(/no channels/);
    expect(() => parseAacConfig(Buffer.of(0x12))).toThrow(ProtocolError);
    expect(() => buildAacConfig({ objectType: 2, sampleRate: 44100, channelConfiguration: 0 })).toThrow(
      ProtocolError,
    );
    expect(() => buildAacConfig({ objectType: 0, sampleRate: 44100, channelConfiguration: 2 })).toThrow(
      ProtocolError,
    );
  });

  it('fuzz: random and mutated configs parse or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(...cases.map((c) => c.asc)), (b) => aacAudioConfig(b), 3000);
  });
});
