import { ProtocolError } from '../../core/errors.ts';

/** Fields of an Opus identification header (RFC 7845 §5.1). */
export interface OpusHead {
  readonly channels: number;
  readonly preSkip: number;
  /** The encoder's input rate, informational only: Opus always decodes at 48 kHz. */
  readonly inputSampleRate: number;
  readonly outputGain: number;
  readonly mappingFamily: number;
}

const MAGIC = Buffer.from('OpusHead', 'latin1');
const HEAD_SIZE = 19;

/** Parses an OpusHead packet. Throws ProtocolError on a bad magic, version or channel count. */
export function parseOpusHead(buf: Buffer): OpusHead {
  if (buf.length < HEAD_SIZE || !MAGIC.equals(buf.subarray(0, 8)))
    throw new ProtocolError('Opus: bad OpusHead');
  // Major version 0 is the only one defined; minor versions stay compatible (§5.1).
  if (buf[8]! >> 4 !== 0) throw new ProtocolError(`Opus: unsupported OpusHead version ${buf[8]}`);
  const channels = buf[9]!;
  if (channels === 0) throw new ProtocolError('Opus: zero channels');
  return {
    channels,
    preSkip: buf.readUInt16LE(10),
    inputSampleRate: buf.readUInt32LE(12),
    outputGain: buf.readInt16LE(16),
    mappingFamily: buf[18]!,
  };
}

/** Builds a 19-byte OpusHead for mapping family 0 (mono or stereo). */
export function buildOpusHead(channels: number, inputSampleRate = 48000, preSkip = 0): Buffer {
  if (channels !== 1 && channels !== 2)
    throw new ProtocolError(`Opus: family 0 carries 1 or 2 channels, not ${channels}`);
  const out = Buffer.alloc(HEAD_SIZE);
  MAGIC.copy(out, 0);
  out[8] = 1;
  out[9] = channels;
  out.writeUInt16LE(preSkip, 10);
  out.writeUInt32LE(inputSampleRate, 12);
  return out;
}
