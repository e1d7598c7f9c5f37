import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAvcConfig } from '../../codecs/h264/avc-config.ts';
import { H264_PPS, H264_SPS } from '../../codecs/testing/vectors.ts';
import type { AudioConfig, MediaFrame, VideoConfig } from '../../core/frame.ts';
import {
  audioConfigTagBody,
  audioTagBody,
  configTags,
  flvTag,
  frameTag,
  videoConfigTagBody,
  videoTagBody,
} from './from-stream.ts';
import { FlvTagReader } from './tag-reader.ts';
import { FLV_TAG } from './tag-types.ts';
import { parseAudioTagBody, parseScriptData, parseVideoTagBody } from './to-stream.ts';

const FILE_HEADER = Buffer.from('464c5601050000000900000000', 'hex');
const video: VideoConfig = {
  kind: 'video',
  codec: 'h264',
  record: buildAvcConfig([H264_SPS], [H264_PPS]),
  width: 640,
  height: 360,
  profile: 'High',
};
const audio: AudioConfig = {
  kind: 'audio',
  codec: 'aac',
  record: Buffer.from('1210', 'hex'),
  sampleRate: 44100,
  channels: 2,
};

const frameArb: fc.Arbitrary<MediaFrame> = fc.oneof(
  fc
    .record({
      kind: fc.constant('video' as const),
      codec: fc.constantFrom('h264' as const, 'h265' as const),
      dts: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      cts: fc.integer({ min: -1000, max: 1000 }),
      keyframe: fc.boolean(),
      nal: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    })
    .map(({ cts, nal, ...f }) => {
      const data = Buffer.alloc(4 + nal.length);
      data.writeUInt32BE(nal.length, 0);
      data.set(nal, 4);
      return { ...f, pts: f.dts + cts, data };
    }),
  fc
    .record({
      kind: fc.constant('audio' as const),
      codec: fc.constantFrom('aac' as const, 'opus' as const),
      dts: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      data: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b)),
    })
    .map((f) => ({ ...f, pts: f.dts })),
);

describe('FLV tags from the stream', () => {
  it('frames a body as header + body + PreviousTagSize (Annex E.3, E.4.1)', () => {
    const tag = flvTag(FLV_TAG.AUDIO, 0x01020304, Buffer.from('af01aa', 'hex'));
    expect(tag.toString('hex')).toBe('08 000003 020304 01 000000 af01aa 0000000e'.replace(/ /g, ''));
  });

  it('builds the same bytes with frameTag and flvTag(body), and they parse back', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const body = frame.kind === 'video' ? videoTagBody(frame) : audioTagBody(frame);
        const tag = frameTag(frame);
        expect(tag).toEqual(flvTag(frame.kind === 'video' ? FLV_TAG.VIDEO : FLV_TAG.AUDIO, frame.dts, body));
        const [read] = new FlvTagReader().push(Buffer.concat([FILE_HEADER, tag]));
        const parsed =
          frame.kind === 'video'
            ? parseVideoTagBody(read!.body, read!.timestamp)
            : parseAudioTagBody(read!.body, read!.timestamp);
        expect(parsed).toEqual({ type: 'frame', frame });
      }),
      { numRuns: 500 },
    );
  });

  it('writes metadata, video and audio sequence headers as one buffer of tags', () => {
    const tags = new FlvTagReader().push(
      Buffer.concat([FILE_HEADER, configTags({ metadata: { encoder: 'x' }, video, audio }, 40)]),
    );
    expect(tags.map((t) => [t.type, t.timestamp])).toEqual([
      [FLV_TAG.SCRIPT, 40],
      [FLV_TAG.VIDEO, 40],
      [FLV_TAG.AUDIO, 40],
    ]);
    expect(parseScriptData(tags[0]!.body).metadata).toMatchObject({
      encoder: 'x',
      width: 640,
      audiosamplerate: 44100,
    });
    expect(tags[1]!.body).toEqual(videoConfigTagBody(video));
    expect(tags[2]!.body).toEqual(audioConfigTagBody(audio));
  });

  it('writes only what the config has', () => {
    const onlyAudio = new FlvTagReader().push(Buffer.concat([FILE_HEADER, configTags({ audio })]));
    expect(onlyAudio.map((t) => t.type)).toEqual([FLV_TAG.SCRIPT, FLV_TAG.AUDIO]);
    expect(configTags({})).toHaveLength(0);
  });
});
