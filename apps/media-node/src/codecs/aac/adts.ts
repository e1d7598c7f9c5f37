import { ProtocolError } from '../../core/errors.ts';
import { AAC_SAMPLE_RATES } from './audio-specific-config.ts';

/** Size of an ADTS header without CRC (ISO/IEC 14496-3 §1.A.2.2). */
export const ADTS_HEADER_SIZE = 7;

/** Fields of an ADTS header that describe the stream. */
export interface AdtsParams {
  /** Audio object type 1..4 (ADTS profile = objectType - 1). */
  readonly objectType: number;
  /** A rate from the standard table; ADTS cannot carry explicit rates. */
  readonly sampleRate: number;
  /** channel_configuration 1..7. */
  readonly channelConfiguration: number;
}

/** A parsed ADTS header. */
export interface AdtsHeader extends AdtsParams {
  /** 7, or 9 when a CRC follows the fixed and variable headers. */
  readonly headerSize: number;
  /** Whole frame length including the header. */
  readonly frameLength: number;
  /** number_of_raw_data_blocks_in_frame + 1. */
  readonly rawBlocks: number;
}

/** Writes a 7-byte ADTS header (no CRC) for a raw_data_block of `payloadSize` bytes at `offset`. */
export function writeAdtsHeader(
  target: Buffer,
  offset: number,
  params: AdtsParams,
  payloadSize: number,
): void {
  const { objectType, sampleRate, channelConfiguration } = params;
  const freqIndex = AAC_SAMPLE_RATES.indexOf(sampleRate as (typeof AAC_SAMPLE_RATES)[number]);
  if (objectType < 1 || objectType > 4)
    throw new ProtocolError(`ADTS: object type ${objectType} not representable`);
  if (freqIndex < 0) throw new ProtocolError(`ADTS: sample rate ${sampleRate} not in the index table`);
  if (channelConfiguration < 1 || channelConfiguration > 7)
    throw new ProtocolError('ADTS: bad channel configuration');
  const frameLength = payloadSize + ADTS_HEADER_SIZE;
  if (frameLength > 0x1fff) throw new ProtocolError(`ADTS: frame of ${frameLength} bytes too long`);
  // syncword 0xFFF, MPEG-4, layer 0, protection_absent 1.
  target[offset] = 0xff;
  target[offset + 1] = 0xf1;
  target[offset + 2] = ((objectType - 1) << 6) | (freqIndex << 2) | (channelConfiguration >> 2);
  target[offset + 3] = ((channelConfiguration & 3) << 6) | (frameLength >> 11);
  target[offset + 4] = (frameLength >> 3) & 0xff;
  // buffer fullness 0x7FF (VBR), one raw data block.
  target[offset + 5] = ((frameLength & 7) << 5) | 0x1f;
  target[offset + 6] = 0xfc;
}

/** Allocates and returns a 7-byte ADTS header; see writeAdtsHeader. */
export function buildAdtsHeader(params: AdtsParams, payloadSize: number): Buffer {
  const out = Buffer.allocUnsafe(ADTS_HEADER_SIZE);
  writeAdtsHeader(out, 0, params, payloadSize);
  return out;
}

/** Parses the ADTS header at `offset`. Throws ProtocolError on a bad syncword or fields. */
export function parseAdtsHeader(buf: Uint8Array, offset = 0): AdtsHeader {
  if (buf.length - offset < ADTS_HEADER_SIZE) throw new ProtocolError('ADTS: truncated header');
  const b1 = buf[offset + 1]!;
  const b2 = buf[offset + 2]!;
  const b3 = buf[offset + 3]!;
  if (buf[offset] !== 0xff || (b1 & 0xf6) !== 0xf0) throw new ProtocolError('ADTS: bad syncword');
  const headerSize = b1 & 1 ? 7 : 9;
  const sampleRate = AAC_SAMPLE_RATES[(b2 >> 2) & 0x0f];
  if (sampleRate === undefined) throw new ProtocolError('ADTS: reserved sampling frequency index');
  const frameLength = ((b3 & 3) << 11) | (buf[offset + 4]! << 3) | (buf[offset + 5]! >> 5);
  if (frameLength < headerSize) throw new ProtocolError('ADTS: frame shorter than its header');
  return {
    objectType: (b2 >> 6) + 1,
    sampleRate,
    channelConfiguration: ((b2 & 1) << 2) | (b3 >> 6),
    headerSize,
    frameLength,
    rawBlocks: (buf[offset + 6]! & 3) + 1,
  };
}
