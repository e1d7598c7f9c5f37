import { describe, expect, it } from 'vitest';
import { buildAvcConfig } from '../../codecs/h264/avc-config.ts';
import { joinNalUnits } from '../../codecs/nal-units.ts';
import { assertParsesOrRejects, bytesNear } from '../../codecs/testing/fuzz.ts';
import { H264_PPS, H264_SPS, HEVC_RECORD } from '../../codecs/testing/vectors.ts';
import { ProtocolError } from '../../core/errors.ts';
import type { AudioConfig, VideoConfig, VideoFrame } from '../../core/frame.ts';
import { audioConfigTagBody, audioTagBody, videoConfigTagBody, videoTagBody } from './from-stream.ts';
import {
  type AudioTagResult,
  parseAudioTagBody,
  parseVideoTagBody,
  type VideoTagResult,
} from './to-stream.ts';

const AVC_RECORD = buildAvcConfig([H264_SPS], [H264_PPS]);
const AU = joinNalUnits([Buffer.from('0605ff', 'hex'), Buffer.from('6588840021', 'hex')]);
const AAC_ASC = Buffer.from('1210', 'hex');
const OPUS_HEAD = Buffer.from('4f707573486561640102000080bb0000000000', 'hex'); // family 0, pre-skip 0
const OPUS_PACKET = Buffer.from('fcfffe', 'hex');
const TS = 1000;

const h264Config: VideoConfig = {
  kind: 'video',
  codec: 'h264',
  record: AVC_RECORD,
  width: 640,
  height: 360,
  profile: 'High',
};
const h265Config: VideoConfig = {
  kind: 'video',
  codec: 'h265',
  record: HEVC_RECORD,
  width: 642,
  height: 362,
  profile: 'Main',
};
const aacConfig: AudioConfig = {
  kind: 'audio',
  codec: 'aac',
  record: AAC_ASC,
  sampleRate: 44100,
  channels: 2,
};
const opusConfig: AudioConfig = {
  kind: 'audio',
  codec: 'opus',
  record: Buffer.alloc(0),
  sampleRate: 48000,
  channels: 2,
};

function video(codec: 'h264' | 'h265', keyframe: boolean, cts: number): VideoFrame {
  return { kind: 'video', codec, dts: TS, pts: TS + cts, keyframe, data: AU };
}

function hex(...parts: Array<string | Buffer>): Buffer {
  return Buffer.from(
    parts.map((p) => (typeof p === 'string' ? p.replace(/ /g, '') : p.toString('hex'))).join(''),
    'hex',
  );
}

interface VideoCase {
  name: string;
  body: Buffer;
  result: VideoTagResult;
  /** Absent for decode-only cases (forms the encoder never produces). */
  encode?: () => Buffer;
}

// FLV spec v10.1 Annex E.4.3 (VIDEODATA, AVCVIDEOPACKET) and Enhanced RTMP v1 (ExVideoTagHeader).
const videoCases: VideoCase[] = [
  {
    name: 'AVC sequence header (FrameType 1, CodecID 7, AVCPacketType 0, CTS 0)',
    body: hex('17 00 000000', AVC_RECORD),
    result: { type: 'config', config: h264Config, nalLengthSize: 4 },
    encode: () => videoConfigTagBody(h264Config),
  },
  {
    name: 'AVC keyframe NALU with CompositionTime +80',
    body: hex('17 01 000050', AU),
    result: { type: 'frame', frame: video('h264', true, 80) },
    encode: () => videoTagBody(video('h264', true, 80)),
  },
  {
    name: 'AVC inter frame with negative CompositionTime (SI24 -40)',
    body: hex('27 01 ffffd8', AU),
    result: { type: 'frame', frame: video('h264', false, -40) },
    encode: () => videoTagBody(video('h264', false, -40)),
  },
  { name: 'AVC end of sequence', body: hex('17 02 000000'), result: { type: 'end-of-sequence' } },
  {
    name: "Enhanced SequenceStart 'hvc1' (IsExHeader, FrameType 1, PacketType 0)",
    body: hex('90 68766331', HEVC_RECORD),
    result: { type: 'config', config: h265Config, nalLengthSize: 4 },
    encode: () => videoConfigTagBody(h265Config),
  },
  {
    name: "Enhanced CodedFrames 'hvc1' keyframe with SI24 CompositionTime 40",
    body: hex('91 68766331 000028', AU),
    result: { type: 'frame', frame: video('h265', true, 40) },
    encode: () => videoTagBody(video('h265', true, 40)),
  },
  {
    name: "Enhanced CodedFramesX 'hvc1' inter frame (no CompositionTime)",
    body: hex('a3 68766331', AU),
    result: { type: 'frame', frame: video('h265', false, 0) },
    encode: () => videoTagBody(video('h265', false, 0)),
  },
  {
    name: "Enhanced CodedFrames 'avc1'",
    body: hex('a1 61766331 000014', AU),
    result: { type: 'frame', frame: video('h264', false, 20) },
  },
  { name: "Enhanced SequenceEnd 'hvc1'", body: hex('92 68766331'), result: { type: 'end-of-sequence' } },
  {
    name: 'legacy CodecID 12 HEVC sequence header',
    body: hex('1c 00 000000', HEVC_RECORD),
    result: { type: 'config', config: h265Config, nalLengthSize: 4 },
  },
  { name: 'command frame', body: hex('57 00'), result: { type: 'ignored', reason: 'video command frame' } },
  {
    name: 'Enhanced command frame',
    body: hex('d1 00'),
    result: { type: 'ignored', reason: 'video command frame' },
  },
  {
    name: 'Enhanced metadata packet',
    body: hex('94 68766331 0200'),
    result: { type: 'ignored', reason: 'video metadata packet' },
  },
  {
    name: 'empty AVC NALU packet',
    body: hex('27 01 000000'),
    result: { type: 'ignored', reason: 'empty video frame' },
  },
  { name: 'Sorenson H.263 (CodecID 2)', body: hex('22 0000'), result: { type: 'unsupported', codecId: 2 } },
  { name: "Enhanced 'av01'", body: hex('90 61763031 00'), result: { type: 'unsupported', codecId: 'av01' } },
  {
    name: 'Enhanced multitrack',
    body: hex('96 00 68766331'),
    result: { type: 'unsupported', codecId: 'multitrack' },
  },
];

interface AudioCase {
  name: string;
  body: Buffer;
  result: AudioTagResult;
  encode?: () => Buffer;
}

// Annex E.4.2 (AUDIODATA, AACAUDIODATA) and Enhanced RTMP v2 (ExAudioTagHeader).
const audioCases: AudioCase[] = [
  {
    name: 'AAC sequence header (SoundFormat 10, 44 kHz, 16-bit, stereo: 0xAF; AACPacketType 0)',
    body: hex('af 00', AAC_ASC),
    result: { type: 'config', config: aacConfig },
    encode: () => audioConfigTagBody(aacConfig),
  },
  {
    name: 'AAC raw frame',
    body: hex('af 01 2110'),
    result: { type: 'frame', frame: { kind: 'audio', codec: 'aac', dts: TS, pts: TS, data: hex('2110') } },
    encode: () => audioTagBody({ kind: 'audio', codec: 'aac', dts: TS, pts: TS, data: hex('2110') }),
  },
  {
    name: "Enhanced SequenceStart 'Opus' (SoundFormat 9, PacketType 0) with an OpusHead",
    body: hex('90 4f707573', OPUS_HEAD),
    result: { type: 'config', config: opusConfig },
    encode: () => audioConfigTagBody(opusConfig),
  },
  {
    name: "Enhanced CodedFrames 'Opus'",
    body: hex('91 4f707573', OPUS_PACKET),
    result: { type: 'frame', frame: { kind: 'audio', codec: 'opus', dts: TS, pts: TS, data: OPUS_PACKET } },
    encode: () => audioTagBody({ kind: 'audio', codec: 'opus', dts: TS, pts: TS, data: OPUS_PACKET }),
  },
  {
    name: "Enhanced SequenceStart 'mp4a'",
    body: hex('90 6d703461', AAC_ASC),
    result: { type: 'config', config: aacConfig },
  },
  { name: "Enhanced SequenceEnd 'Opus'", body: hex('92 4f707573'), result: { type: 'end-of-sequence' } },
  {
    name: 'empty AAC raw frame',
    body: hex('af 01'),
    result: { type: 'ignored', reason: 'empty audio frame' },
  },
  { name: 'MP3 (SoundFormat 2)', body: hex('2f fffb'), result: { type: 'unsupported', codecId: 2 } },
  { name: "Enhanced 'fLaC'", body: hex('90 664c6143 00'), result: { type: 'unsupported', codecId: 'fLaC' } },
];

describe('FLV tag bodies, decoder and encoder', () => {
  for (const c of videoCases) {
    it(`video: ${c.name}`, () => {
      expect(parseVideoTagBody(c.body, TS)).toEqual(c.result);
      if (c.encode) expect(c.encode().toString('hex')).toBe(c.body.toString('hex'));
    });
  }
  for (const c of audioCases) {
    it(`audio: ${c.name}`, () => {
      expect(parseAudioTagBody(c.body, TS)).toEqual(c.result);
      if (c.encode) expect(c.encode().toString('hex')).toBe(c.body.toString('hex'));
    });
  }

  it('returns frame data as a view of the body and copies configs', () => {
    const frameBody = hex('17 01 000000', AU);
    const frame = parseVideoTagBody(frameBody, 0);
    frameBody[frameBody.length - 1] = 0x99;
    expect(frame.type === 'frame' && frame.frame.data.at(-1)).toBe(0x99);
    const configBody = hex('17 00 000000', AVC_RECORD);
    const config = parseVideoTagBody(configBody, 0);
    configBody.fill(0);
    expect(config.type === 'config' && config.config.record).toEqual(AVC_RECORD);
  });

  it("reports the publisher's NAL length size and rewrites its frames to 4-byte lengths", () => {
    const record = Buffer.from(AVC_RECORD);
    record[4] = 0xfd; // lengthSizeMinusOne 1
    const config = parseVideoTagBody(hex('17 00 000000', record), 0);
    expect(config).toMatchObject({ type: 'config', nalLengthSize: 2, config: { record: AVC_RECORD } });
    const frame = parseVideoTagBody(hex('17 01 000000 0003 0605ff 0005 6588840021'), 0, 2);
    expect(frame).toMatchObject({ type: 'frame', frame: { data: AU } });
  });

  it('round-trips composition times at the SI24 limits and refuses beyond them', () => {
    for (const cts of [-0x800000, 0x7fffff]) {
      const frame = video('h264', false, cts);
      expect(parseVideoTagBody(videoTagBody(frame), TS)).toEqual({ type: 'frame', frame });
    }
    expect(() => videoTagBody(video('h264', false, 0x800000))).toThrow(ProtocolError);
  });

  const malformedVideo: Array<[string, Buffer]> = [
    ['empty body', hex('')],
    ['truncated AVC packet header', hex('17 01 00')],
    ['unknown AVCPacketType', hex('17 03 000000')],
    ['reserved FrameType 0', hex('07 01 000000')],
    ['reserved FrameType 6', hex('67 01 000000')],
    ['NAL length past the end', hex('17 01 000000 00000009 65')],
    ['truncated ExVideoTagHeader', hex('90 6876')],
    ['truncated CodedFrames', hex('91 68766331 00')],
    ['reserved VideoPacketType', hex('98 68766331')],
    ['HEVC config without SPS', hex('90 68766331', HEVC_RECORD.subarray(0, 22), '00')],
  ];
  for (const [name, body] of malformedVideo) {
    it(`video: rejects ${name} with ProtocolError`, () => {
      expect(() => parseVideoTagBody(body, 0)).toThrow(ProtocolError);
    });
  }

  const malformedAudio: Array<[string, Buffer]> = [
    ['empty body', hex('')],
    ['truncated AACAUDIODATA', hex('af')],
    ['unknown AACPacketType', hex('af 02 00')],
    ['bad AudioSpecificConfig', hex('af 00 16')],
    ['truncated ExAudioTagHeader', hex('90 4f70')],
    ['reserved AudioPacketType', hex('93 4f707573')],
    ['bad OpusHead', hex('90 4f707573 00')],
  ];
  for (const [name, body] of malformedAudio) {
    it(`audio: rejects ${name} with ProtocolError`, () => {
      expect(() => parseAudioTagBody(body, 0)).toThrow(ProtocolError);
    });
  }

  it('fuzz: random and mutated video bodies map or throw ProtocolError', () => {
    const seeds = videoCases.map((c) => c.body);
    assertParsesOrRejects(bytesNear(...seeds), (b) => parseVideoTagBody(b, 0, 1 + (b.length % 4)), 4000);
  });

  it('fuzz: random and mutated audio bodies map or throw ProtocolError', () => {
    assertParsesOrRejects(bytesNear(...audioCases.map((c) => c.body)), (b) => parseAudioTagBody(b, 0), 3000);
  });
});
