import { buildOpusHead } from '../../codecs/opus/opus-head.ts';
import { ProtocolError } from '../../core/errors.ts';
import type { AudioConfig, AudioFrame, MediaFrame, VideoConfig, VideoFrame } from '../../core/frame.ts';
import type { StreamConfig } from '../../core/output-format.ts';
import { metadataTagBody } from './metadata.ts';
import {
  FLV_TAG_HEADER_SIZE,
  PREVIOUS_TAG_SIZE_SIZE,
  writeFlvTagHeader,
  writePreviousTagSize,
} from './tag-header.ts';
import {
  AVC_PACKET,
  EX_AUDIO_PACKET,
  EX_VIDEO_PACKET,
  FLV_TAG,
  type FlvTagType,
  FOURCC,
  FRAME_TYPE,
  SOUND_FORMAT,
  VIDEO_CODEC_ID,
} from './tag-types.ts';

export { metadataTagBody } from './metadata.ts';

// Per-frame body prefixes are at most 8 bytes; writing them here first avoids an allocation per frame.
const scratch = Buffer.alloc(8);

/** VIDEODATA body for a frame: legacy AVC (CodecID 7) for H.264, Enhanced RTMP 'hvc1' for H.265. */
export function videoTagBody(frame: VideoFrame): Buffer {
  return concat2(scratch.subarray(0, videoPrefix(frame)), frame.data);
}

/** AUDIODATA body for a frame: AACAUDIODATA raw for AAC, Enhanced RTMP 'Opus' CodedFrames for Opus. */
export function audioTagBody(frame: AudioFrame): Buffer {
  return concat2(scratch.subarray(0, audioPrefix(frame)), frame.data);
}

/** VIDEODATA sequence header: AVC sequence header, or Enhanced RTMP SequenceStart for H.265. */
export function videoConfigTagBody(config: VideoConfig): Buffer {
  if (config.codec === 'h264') {
    const head = Buffer.of((FRAME_TYPE.KEY << 4) | VIDEO_CODEC_ID.AVC, AVC_PACKET.SEQUENCE_HEADER, 0, 0, 0);
    return concat2(head, config.record);
  }
  return concat2(exVideoHeader(FRAME_TYPE.KEY, EX_VIDEO_PACKET.SEQUENCE_START, FOURCC.HEVC), config.record);
}

/** AUDIODATA sequence header: AAC AudioSpecificConfig, or Enhanced RTMP SequenceStart with an OpusHead. */
export function audioConfigTagBody(config: AudioConfig): Buffer {
  if (config.codec === 'aac') return concat2(Buffer.of(0xaf, AVC_PACKET.SEQUENCE_HEADER), config.record);
  const head = config.record.length > 0 ? config.record : buildOpusHead(config.channels);
  return concat2(exAudioHeader(EX_AUDIO_PACKET.SEQUENCE_START, FOURCC.OPUS), head);
}

/** A whole tag (header, body, PreviousTagSize) in one allocation. */
export function flvTag(type: FlvTagType, timestamp: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FLV_TAG_HEADER_SIZE + body.length + PREVIOUS_TAG_SIZE_SIZE);
  writeFlvTagHeader(out, 0, type, body.length, timestamp);
  out.set(body, FLV_TAG_HEADER_SIZE);
  writePreviousTagSize(out, FLV_TAG_HEADER_SIZE + body.length, body.length);
  return out;
}

/** The tag for a frame, built in one allocation with the payload copied once; timestamp is the DTS. */
export function frameTag(frame: MediaFrame): Buffer {
  const prefix = frame.kind === 'video' ? videoPrefix(frame) : audioPrefix(frame);
  const bodySize = prefix + frame.data.length;
  const out = Buffer.allocUnsafe(FLV_TAG_HEADER_SIZE + bodySize + PREVIOUS_TAG_SIZE_SIZE);
  writeFlvTagHeader(out, 0, frame.kind === 'video' ? FLV_TAG.VIDEO : FLV_TAG.AUDIO, bodySize, frame.dts);
  scratch.copy(out, FLV_TAG_HEADER_SIZE, 0, prefix);
  out.set(frame.data, FLV_TAG_HEADER_SIZE + prefix);
  writePreviousTagSize(out, FLV_TAG_HEADER_SIZE + bodySize, bodySize);
  return out;
}

/**
 * The tags a reader needs before frames: onMetaData (when there is metadata or a track), then the video
 * and audio sequence headers, all at `timestamp`, concatenated into one Buffer.
 */
export function configTags(config: StreamConfig, timestamp = 0): Buffer {
  const tags: Buffer[] = [];
  if (config.metadata || config.video || config.audio) {
    tags.push(flvTag(FLV_TAG.SCRIPT, timestamp, metadataTagBody(config.metadata ?? {}, config)));
  }
  if (config.video) tags.push(flvTag(FLV_TAG.VIDEO, timestamp, videoConfigTagBody(config.video)));
  if (config.audio) tags.push(flvTag(FLV_TAG.AUDIO, timestamp, audioConfigTagBody(config.audio)));
  return tags.length === 1 ? tags[0]! : Buffer.concat(tags);
}

// Writes the body prefix into scratch; returns its length.
function videoPrefix(frame: VideoFrame): number {
  const frameType = frame.keyframe ? FRAME_TYPE.KEY : FRAME_TYPE.INTER;
  const cts = compositionTime(frame);
  if (frame.codec === 'h264') {
    scratch[0] = (frameType << 4) | VIDEO_CODEC_ID.AVC;
    scratch[1] = AVC_PACKET.NALU;
    scratch.writeIntBE(cts, 2, 3);
    return 5;
  }
  // CodedFramesX omits the composition time when it is zero, three bytes per frame saved.
  const packetType = cts === 0 ? EX_VIDEO_PACKET.CODED_FRAMES_X : EX_VIDEO_PACKET.CODED_FRAMES;
  scratch[0] = 0x80 | (frameType << 4) | packetType;
  scratch.writeUInt32BE(FOURCC.HEVC, 1);
  if (cts === 0) return 5;
  scratch.writeIntBE(cts, 5, 3);
  return 8;
}

function audioPrefix(frame: AudioFrame): number {
  if (frame.codec === 'aac') {
    // SoundFormat 10, and the rate/size/type bits AAC always sets (Annex E.4.2.1): 0xAF.
    scratch[0] = 0xaf;
    scratch[1] = AVC_PACKET.NALU;
    return 2;
  }
  scratch[0] = (SOUND_FORMAT.EX_HEADER << 4) | EX_AUDIO_PACKET.CODED_FRAMES;
  scratch.writeUInt32BE(FOURCC.OPUS, 1);
  return 5;
}

function compositionTime(frame: VideoFrame): number {
  const cts = Math.round(frame.pts - frame.dts);
  if (cts < -0x800000 || cts > 0x7fffff)
    throw new ProtocolError(`FLV: composition time ${cts} ms out of SI24 range`);
  return cts;
}

function exVideoHeader(frameType: number, packetType: number, fourCc: number): Buffer {
  const out = Buffer.allocUnsafe(5);
  out[0] = 0x80 | (frameType << 4) | packetType;
  out.writeUInt32BE(fourCc, 1);
  return out;
}

function exAudioHeader(packetType: number, fourCc: number): Buffer {
  const out = Buffer.allocUnsafe(5);
  out[0] = (SOUND_FORMAT.EX_HEADER << 4) | packetType;
  out.writeUInt32BE(fourCc, 1);
  return out;
}

function concat2(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
