import { aacAudioConfig } from '../../codecs/aac/audio-config.ts';
import { h264VideoConfig } from '../../codecs/h264/video-config.ts';
import { h265VideoConfig } from '../../codecs/h265/video-config.ts';
import { toFourByteLengths, validateNalUnits } from '../../codecs/nal-units.ts';
import { opusAudioConfig } from '../../codecs/opus/audio-config.ts';
import { ProtocolError } from '../../core/errors.ts';
import type {
  AudioCodec,
  AudioConfig,
  AudioFrame,
  StreamMetadata,
  VideoCodec,
  VideoConfig,
  VideoFrame,
} from '../../core/frame.ts';
import { type Amf0Object, type Amf0Value, decodeAmf0 } from '../amf/amf0.ts';
import {
  AVC_PACKET,
  EX_AUDIO_PACKET,
  EX_VIDEO_PACKET,
  FOURCC,
  FRAME_TYPE,
  fourCcString,
  SOUND_FORMAT,
  VIDEO_CODEC_ID,
} from './tag-types.ts';

/** A tag that is valid but carries nothing for the stream (command frames, HDR metadata, ...). */
export interface IgnoredTag {
  readonly type: 'ignored';
  readonly reason: string;
}

/** A codec or feature the node does not map: a legacy CodecID/SoundFormat number or a FourCC/feature name. */
export interface UnsupportedTag {
  readonly type: 'unsupported';
  readonly codecId: number | string;
}

/** What one VIDEODATA body means for the stream. */
export type VideoTagResult =
  /** `nalLengthSize` is the publisher's; pass it back to parseVideoTagBody for the frames that follow. */
  | { readonly type: 'config'; readonly config: VideoConfig; readonly nalLengthSize: number }
  | { readonly type: 'frame'; readonly frame: VideoFrame }
  | { readonly type: 'end-of-sequence' }
  | IgnoredTag
  | UnsupportedTag;

/** What one AUDIODATA body means for the stream. */
export type AudioTagResult =
  | { readonly type: 'config'; readonly config: AudioConfig }
  | { readonly type: 'frame'; readonly frame: AudioFrame }
  | { readonly type: 'end-of-sequence' }
  | IgnoredTag
  | UnsupportedTag;

/**
 * Maps a VIDEODATA tag body (FLV spec v10.1 Annex E.4.3, Enhanced RTMP ExVideoTagHeader) at `timestamp`
 * (the tag's DTS, ms). Frame data is a view into `body`, not a copy; configs are copied. `nalLengthSize`
 * comes from the last config result; frames are rewritten to the model's 4-byte lengths when it differs.
 */
export function parseVideoTagBody(body: Buffer, timestamp: number, nalLengthSize = 4): VideoTagResult {
  if (body.length === 0) throw new ProtocolError('FLV video: empty tag body');
  const b0 = body[0]!;
  if (b0 & 0x80) return parseExVideo(body, timestamp, nalLengthSize);
  const frameType = b0 >> 4;
  const codecId = b0 & 0x0f;
  checkFrameType(frameType);
  if (frameType === FRAME_TYPE.COMMAND) return { type: 'ignored', reason: 'video command frame' };
  const codec =
    codecId === VIDEO_CODEC_ID.AVC ? 'h264' : codecId === VIDEO_CODEC_ID.HEVC_LEGACY ? 'h265' : undefined;
  if (codec === undefined) return { type: 'unsupported', codecId };
  if (body.length < 5) throw new ProtocolError('FLV video: truncated AVCVIDEOPACKET header');
  switch (body[1]) {
    case AVC_PACKET.SEQUENCE_HEADER:
      return videoConfig(codec, body.subarray(5));
    case AVC_PACKET.NALU:
      return videoFrame(codec, frameType, timestamp, body.readIntBE(2, 3), body.subarray(5), nalLengthSize);
    case AVC_PACKET.END_OF_SEQUENCE:
      return { type: 'end-of-sequence' };
    default:
      throw new ProtocolError(`FLV video: unknown AVCPacketType ${body[1]}`);
  }
}

// Enhanced RTMP: IsExHeader(1) FrameType(3) PacketType(4), then a FourCC.
function parseExVideo(body: Buffer, timestamp: number, nalLengthSize: number): VideoTagResult {
  const frameType = (body[0]! >> 4) & 0x07;
  const packetType = body[0]! & 0x0f;
  checkFrameType(frameType);
  if (packetType === EX_VIDEO_PACKET.MULTITRACK) return { type: 'unsupported', codecId: 'multitrack' };
  if (packetType === EX_VIDEO_PACKET.MOD_EX) return { type: 'unsupported', codecId: 'modex' };
  // A command frame carries a UI8 VideoCommand instead of a FourCC and payload.
  if (frameType === FRAME_TYPE.COMMAND && packetType !== EX_VIDEO_PACKET.METADATA) {
    return { type: 'ignored', reason: 'video command frame' };
  }
  if (body.length < 5) throw new ProtocolError('FLV video: truncated ExVideoTagHeader');
  const fourCc = body.readUInt32BE(1);
  const codec: VideoCodec | undefined =
    fourCc === FOURCC.AVC ? 'h264' : fourCc === FOURCC.HEVC ? 'h265' : undefined;
  if (codec === undefined) return { type: 'unsupported', codecId: fourCcString(fourCc) };
  switch (packetType) {
    case EX_VIDEO_PACKET.SEQUENCE_START:
      return videoConfig(codec, body.subarray(5));
    case EX_VIDEO_PACKET.CODED_FRAMES:
      // avc1 and hvc1 carry an SI24 CompositionTime before the data.
      if (body.length < 8) throw new ProtocolError('FLV video: truncated CodedFrames');
      return videoFrame(codec, frameType, timestamp, body.readIntBE(5, 3), body.subarray(8), nalLengthSize);
    case EX_VIDEO_PACKET.CODED_FRAMES_X:
      return videoFrame(codec, frameType, timestamp, 0, body.subarray(5), nalLengthSize);
    case EX_VIDEO_PACKET.SEQUENCE_END:
      return { type: 'end-of-sequence' };
    case EX_VIDEO_PACKET.METADATA:
      return { type: 'ignored', reason: 'video metadata packet' };
    case EX_VIDEO_PACKET.MPEG2TS_SEQUENCE_START:
      return { type: 'ignored', reason: 'MPEG-2 TS sequence start' };
    default:
      throw new ProtocolError(`FLV video: reserved VideoPacketType ${packetType}`);
  }
}

function checkFrameType(frameType: number): void {
  if (frameType < FRAME_TYPE.KEY || frameType > FRAME_TYPE.COMMAND) {
    throw new ProtocolError(`FLV video: reserved FrameType ${frameType}`);
  }
}

function videoConfig(codec: VideoCodec, record: Buffer): VideoTagResult {
  const config = codec === 'h264' ? h264VideoConfig(record) : h265VideoConfig(record);
  // lengthSizeMinusOne sits at byte 4 of the AVC record and byte 21 of the HEVC one.
  const nalLengthSize = (record[codec === 'h264' ? 4 : 21]! & 0x03) + 1;
  return { type: 'config', config, nalLengthSize };
}

function videoFrame(
  codec: VideoCodec,
  frameType: number,
  dts: number,
  compositionTime: number,
  data: Buffer,
  nalLengthSize: number,
): VideoTagResult {
  if (data.length === 0) return { type: 'ignored', reason: 'empty video frame' };
  validateNalUnits(data, nalLengthSize);
  const frame: VideoFrame = {
    kind: 'video',
    codec,
    dts,
    pts: dts + compositionTime,
    keyframe: frameType === FRAME_TYPE.KEY || frameType === FRAME_TYPE.GENERATED_KEY,
    data: toFourByteLengths(data, nalLengthSize),
  };
  return { type: 'frame', frame };
}

/**
 * Maps an AUDIODATA tag body (Annex E.4.2, Enhanced RTMP ExAudioTagHeader) at `timestamp` (ms).
 * Frame data is a view into `body`; configs are copied.
 */
export function parseAudioTagBody(body: Buffer, timestamp: number): AudioTagResult {
  if (body.length === 0) throw new ProtocolError('FLV audio: empty tag body');
  const soundFormat = body[0]! >> 4;
  if (soundFormat === SOUND_FORMAT.EX_HEADER) return parseExAudio(body, timestamp);
  if (soundFormat !== SOUND_FORMAT.AAC) return { type: 'unsupported', codecId: soundFormat };
  if (body.length < 2) throw new ProtocolError('FLV audio: truncated AACAUDIODATA');
  switch (body[1]) {
    case AVC_PACKET.SEQUENCE_HEADER:
      return { type: 'config', config: aacAudioConfig(body.subarray(2)) };
    case AVC_PACKET.NALU:
      return audioFrame('aac', timestamp, body.subarray(2));
    default:
      throw new ProtocolError(`FLV audio: unknown AACPacketType ${body[1]}`);
  }
}

// Enhanced RTMP v2: SoundFormat 9, AudioPacketType in the low nibble, then a FourCC.
function parseExAudio(body: Buffer, timestamp: number): AudioTagResult {
  const packetType = body[0]! & 0x0f;
  if (packetType === EX_AUDIO_PACKET.MULTITRACK) return { type: 'unsupported', codecId: 'multitrack' };
  if (packetType === EX_AUDIO_PACKET.MOD_EX) return { type: 'unsupported', codecId: 'modex' };
  if (body.length < 5) throw new ProtocolError('FLV audio: truncated ExAudioTagHeader');
  const fourCc = body.readUInt32BE(1);
  const codec: AudioCodec | undefined =
    fourCc === FOURCC.AAC ? 'aac' : fourCc === FOURCC.OPUS ? 'opus' : undefined;
  if (codec === undefined) return { type: 'unsupported', codecId: fourCcString(fourCc) };
  const payload = body.subarray(5);
  switch (packetType) {
    case EX_AUDIO_PACKET.SEQUENCE_START:
      return { type: 'config', config: codec === 'aac' ? aacAudioConfig(payload) : opusAudioConfig(payload) };
    case EX_AUDIO_PACKET.CODED_FRAMES:
      return audioFrame(codec, timestamp, payload);
    case EX_AUDIO_PACKET.SEQUENCE_END:
      return { type: 'end-of-sequence' };
    case EX_AUDIO_PACKET.MULTICHANNEL_CONFIG:
      return { type: 'ignored', reason: 'audio multichannel config' };
    default:
      throw new ProtocolError(`FLV audio: reserved AudioPacketType ${packetType}`);
  }
}

function audioFrame(codec: AudioCodec, timestamp: number, data: Buffer): AudioTagResult {
  if (data.length === 0) return { type: 'ignored', reason: 'empty audio frame' };
  return { type: 'frame', frame: { kind: 'audio', codec, dts: timestamp, pts: timestamp, data } };
}

/** A decoded SCRIPTDATA body: the handler name (e.g. onMetaData) and its object argument. */
export interface ScriptData {
  readonly name: string;
  readonly metadata: StreamMetadata;
}

/**
 * Decodes a SCRIPTDATA tag body (Annex E.4.4) or an RTMP data message. Unwraps the `@setDataFrame`
 * wrapper RTMP publishers send; `metadata` is the first object argument, or empty when there is none.
 */
export function parseScriptData(body: Buffer): ScriptData {
  const values = decodeAmf0(body);
  let rest = 1;
  let name = values[0];
  if (name === '@setDataFrame') {
    name = values[1];
    rest = 2;
  }
  if (typeof name !== 'string') throw new ProtocolError('FLV script data: handler name is not a string');
  const metadata = values.slice(rest).find(isAmf0Object) ?? {};
  return { name, metadata };
}

function isAmf0Object(v: Amf0Value): v is Amf0Object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
