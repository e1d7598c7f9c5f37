import { ProtocolError } from '../../core/errors.ts';
import { BitReader } from '../bit-reader.ts';

/** Sampling rates by samplingFrequencyIndex (ISO/IEC 14496-3 §1.6.3.4, Table 1.18). */
export const AAC_SAMPLE_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
] as const;

/** A parsed AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1). */
export interface AacConfig {
  /** Audio object type of the core coder (2 = AAC LC), after unwrapping SBR/PS signalling. */
  readonly objectType: number;
  /** Core coder sampling rate, which ADTS headers and 1024-sample frame timing use. */
  readonly sampleRate: number;
  /** channelConfiguration, or the channel count from the program_config_element when it is 0. */
  readonly channels: number;
  /** SBR present (HE-AAC): output rate differs from the core rate. */
  readonly sbr: boolean;
  /** Parametric stereo present (HE-AACv2): a mono core decodes to stereo. */
  readonly ps: boolean;
  /** Rate and channel count a decoder outputs, accounting for SBR and PS. */
  readonly outputSampleRate: number;
  readonly outputChannels: number;
}

// Object types whose config is GASpecificConfig (§1.6.2.1, the audioObjectType switch).
const GA_OBJECT_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);
const SBR = 5;
const PS = 29;

/** Parses an AudioSpecificConfig. Throws ProtocolError on malformed or unsupported input. */
export function parseAacConfig(asc: Uint8Array): AacConfig {
  const r = new BitReader(asc, 'AAC AudioSpecificConfig');
  let objectType = readObjectType(r);
  const sampleRate = readSampleRate(r);
  const channelConfig = r.u(4);
  let sbr = false;
  let ps = false;
  let outputSampleRate = sampleRate;
  if (objectType === SBR || objectType === PS) {
    // Explicit hierarchical signalling: the extension rate, then the core object type.
    sbr = true;
    ps = objectType === PS;
    outputSampleRate = readSampleRate(r);
    objectType = readObjectType(r);
  }
  let channels = channelConfig;
  if (GA_OBJECT_TYPES.has(objectType)) {
    channels = readGaSpecificConfig(r, objectType, channelConfig);
    // Error-resilient types put epConfig before any extension; implicit SBR there is not looked for.
    if (!sbr && objectType < 17) ({ sbr, ps, outputSampleRate } = readSyncExtension(r, sampleRate));
  }
  if (channels === 0) throw new ProtocolError('AAC AudioSpecificConfig: no channels');
  const outputChannels = ps && channels === 1 ? 2 : channels;
  return { objectType, sampleRate, channels, sbr, ps, outputSampleRate, outputChannels };
}

/** Input to buildAacConfig: a plain (non-SBR) config. */
export interface AacConfigInput {
  readonly objectType: number;
  readonly sampleRate: number;
  /** 1..7 map to channelConfiguration directly (7 means 7.1, 8 channels, per Table 1.19). */
  readonly channelConfiguration: number;
}

/** Builds a 2+ byte AudioSpecificConfig with GASpecificConfig (1024-sample frames, no extensions). */
export function buildAacConfig(input: AacConfigInput): Buffer {
  const { objectType, sampleRate, channelConfiguration } = input;
  if (!Number.isInteger(objectType) || objectType < 1 || objectType > 95) {
    throw new ProtocolError(`AAC: bad object type ${objectType}`);
  }
  if (!Number.isInteger(channelConfiguration) || channelConfiguration < 1 || channelConfiguration > 7) {
    throw new ProtocolError(`AAC: unsupported channel configuration ${channelConfiguration}`);
  }
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffff) {
    throw new ProtocolError(`AAC: bad sample rate ${sampleRate}`);
  }
  const w = new BitWriter();
  if (objectType >= 31) {
    w.put(31, 5);
    w.put(objectType - 32, 6);
  } else {
    w.put(objectType, 5);
  }
  const index = AAC_SAMPLE_RATES.indexOf(sampleRate as (typeof AAC_SAMPLE_RATES)[number]);
  if (index >= 0) {
    w.put(index, 4);
  } else {
    w.put(15, 4);
    w.put(sampleRate, 24);
  }
  w.put(channelConfiguration, 4);
  w.put(0, 3); // frameLengthFlag, dependsOnCoreCoder, extensionFlag
  return w.finish();
}

/** Channel count for a channelConfiguration (Table 1.19: 7 is 7.1, eight channels). */
export function aacChannelCount(channelConfiguration: number): number {
  return channelConfiguration === 7 ? 8 : channelConfiguration;
}

function readObjectType(r: BitReader): number {
  const t = r.u(5);
  return t === 31 ? 32 + r.u(6) : t;
}

function readSampleRate(r: BitReader): number {
  const index = r.u(4);
  if (index === 15) {
    const rate = r.u(24);
    if (rate === 0) throw new ProtocolError('AAC AudioSpecificConfig: zero sampling frequency');
    return rate;
  }
  const rate = AAC_SAMPLE_RATES[index];
  if (rate === undefined)
    throw new ProtocolError(`AAC AudioSpecificConfig: reserved frequency index ${index}`);
  return rate;
}

// GASpecificConfig (§4.4.1); returns the channel count.
function readGaSpecificConfig(r: BitReader, objectType: number, channelConfig: number): number {
  r.skip(1); // frameLengthFlag
  if (r.flag()) r.skip(14); // dependsOnCoreCoder → coreCoderDelay
  const extensionFlag = r.flag();
  const channels = channelConfig === 0 ? readPceChannels(r) : aacChannelCount(channelConfig);
  if (objectType === 6 || objectType === 20) r.skip(3); // layerNr
  if (extensionFlag) {
    if (objectType === 22) r.skip(16); // numOfSubFrame, layer_length
    if (objectType >= 17 && objectType !== 22) r.skip(3); // resilience flags
    r.skip(1); // extensionFlag3
  }
  return channels;
}

// program_config_element (§4.4.1.1): counts channels and reads to its end so later fields line up.
function readPceChannels(r: BitReader): number {
  r.skip(4 + 2 + 4); // element_instance_tag, object_type, sampling_frequency_index
  const front = r.u(4);
  const side = r.u(4);
  const back = r.u(4);
  const lfe = r.u(2);
  const assoc = r.u(3);
  const cc = r.u(4);
  if (r.flag()) r.skip(4); // mono_mixdown_element_number
  if (r.flag()) r.skip(4); // stereo_mixdown_element_number
  if (r.flag()) r.skip(3); // matrix_mixdown_idx, pseudo_surround_enable
  let channels = lfe;
  for (let i = 0; i < front + side + back; i++) {
    channels += r.flag() ? 2 : 1; // *_element_is_cpe
    r.skip(4); // *_element_tag_select
  }
  r.skip(4 * lfe + 4 * assoc + 5 * cc);
  // byte_alignment() is relative to the start of the AudioSpecificConfig, where the reader started.
  r.skip((8 - (r.bitsRead % 8)) % 8);
  r.skip(8 * r.u(8)); // comment_field_data
  return channels;
}

// Backward-compatible SBR/PS signalling after the core config (§1.6.6.2.2: sync extension 0x2b7, 0x548).
function readSyncExtension(
  r: BitReader,
  coreRate: number,
): { sbr: boolean; ps: boolean; outputSampleRate: number } {
  const none = { sbr: false, ps: false, outputSampleRate: coreRate };
  if (r.bitsLeft < 16 || r.u(11) !== 0x2b7) return none;
  if (readObjectType(r) !== SBR || !r.flag()) return none;
  const outputSampleRate = readSampleRate(r);
  const ps = r.bitsLeft >= 12 && r.u(11) === 0x548 && r.flag();
  return { sbr: true, ps, outputSampleRate };
}

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private bits = 0;

  put(value: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.bits === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.bits = 0;
      }
    }
  }

  finish(): Buffer {
    if (this.bits > 0) this.bytes.push(this.acc << (8 - this.bits));
    return Buffer.from(this.bytes);
  }
}
