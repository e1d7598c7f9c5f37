import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADTS_HEADER_SIZE, writeAdtsHeader } from '../../codecs/aac/adts.ts';
import { parseAacConfig } from '../../codecs/aac/audio-specific-config.ts';
import { h264HasIdr } from '../../codecs/h264/nal-type.ts';
import type { AudioConfig, AudioFrame, VideoConfig, VideoFrame } from '../../core/frame.ts';
import { audioTagBody, videoTagBody } from './from-stream.ts';
import { parseFlvFileHeader } from './tag-header.ts';
import { type FlvTag, FlvTagReader } from './tag-reader.ts';
import { FLV_TAG } from './tag-types.ts';
import { parseAudioTagBody, parseScriptData, parseVideoTagBody, type ScriptData } from './to-stream.ts';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/h264-aac-10s.flv', import.meta.url));

interface Parsed {
  tags: FlvTag[];
  script: ScriptData[];
  videoConfigs: VideoConfig[];
  audioConfigs: AudioConfig[];
  videoFrames: Array<{ frame: VideoFrame; body: Buffer }>;
  audioFrames: Array<{ frame: AudioFrame; body: Buffer }>;
  videoOrder: string[];
  endOfSequence: number;
}

function parseAll(file: Buffer): Parsed {
  const reader = new FlvTagReader();
  const tags: FlvTag[] = [];
  // 64 KiB chunks, as a socket would deliver them.
  for (let i = 0; i < file.length; i += 65536) tags.push(...reader.push(file.subarray(i, i + 65536)));
  const p: Parsed = {
    tags,
    script: [],
    videoConfigs: [],
    audioConfigs: [],
    videoFrames: [],
    audioFrames: [],
    videoOrder: [],
    endOfSequence: 0,
  };
  for (const tag of tags) {
    if (tag.type === FLV_TAG.SCRIPT) p.script.push(parseScriptData(tag.body));
    if (tag.type === FLV_TAG.VIDEO) {
      const r = parseVideoTagBody(tag.body, tag.timestamp);
      p.videoOrder.push(r.type);
      if (r.type === 'config') p.videoConfigs.push(r.config);
      else if (r.type === 'frame') p.videoFrames.push({ frame: r.frame, body: tag.body });
      else if (r.type === 'end-of-sequence') p.endOfSequence++;
      else throw new Error(`unexpected video tag result ${r.type}`);
    }
    if (tag.type === FLV_TAG.AUDIO) {
      const r = parseAudioTagBody(tag.body, tag.timestamp);
      if (r.type === 'config') p.audioConfigs.push(r.config);
      else if (r.type === 'frame') p.audioFrames.push({ frame: r.frame, body: tag.body });
      else throw new Error(`unexpected audio tag result ${r.type}`);
    }
  }
  return p;
}

describe('fixture h264-aac-10s.flv through the FLV parsers', () => {
  let file: Buffer;
  let p: Parsed;
  beforeAll(async () => {
    file = await readFile(FIXTURE);
    p = parseAll(file);
  });

  it('has an FLV header announcing audio and video, and onMetaData first', () => {
    expect(parseFlvFileHeader(file)).toMatchObject({ hasAudio: true, hasVideo: true, dataOffset: 9 });
    expect(p.tags[0]!.type).toBe(FLV_TAG.SCRIPT);
    expect(p.script).toHaveLength(1);
    expect(p.script[0]).toMatchObject({
      name: 'onMetaData',
      metadata: {
        width: 640,
        height: 360,
        framerate: 25,
        videocodecid: 7,
        audiocodecid: 10,
        audiosamplerate: 44100,
      },
    });
  });

  it('starts video with a 640x360 H.264 High config and ends it with end-of-sequence', () => {
    expect(p.videoOrder[0]).toBe('config');
    expect(p.videoConfigs).toHaveLength(1);
    expect(p.videoConfigs[0]).toMatchObject({ codec: 'h264', width: 640, height: 360, profile: 'High' });
    expect(p.videoOrder.at(-1)).toBe('end-of-sequence');
    expect(p.endOfSequence).toBe(1);
  });

  it('has an AAC LC config at 44100 Hz stereo', () => {
    expect(p.audioConfigs).toHaveLength(1);
    expect(p.audioConfigs[0]).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2 });
    expect(parseAacConfig(p.audioConfigs[0]!.record).objectType).toBe(2);
  });

  it('has 10 s of 25 fps video with a keyframe every 2 s whose flag matches an IDR slice', () => {
    const frames = p.videoFrames.map((v) => v.frame);
    expect(frames).toHaveLength(250);
    expect(frames.at(-1)!.dts).toBe(9960);
    const keyDts = frames.filter((f) => f.keyframe).map((f) => f.dts);
    expect(keyDts).toEqual([0, 2000, 4000, 6000, 8000]);
    for (const f of frames) expect(h264HasIdr(f.data)).toBe(f.keyframe);
  });

  it('has monotonic DTS per track and B-frames (PTS != DTS, never PTS < DTS)', () => {
    for (const frames of [p.videoFrames, p.audioFrames]) {
      const dts = frames.map((f) => f.frame.dts);
      expect(dts.every((d, i) => i === 0 || d > dts[i - 1]!)).toBe(true);
    }
    const video = p.videoFrames.map((v) => v.frame);
    expect(video.every((f) => f.pts >= f.dts)).toBe(true);
    const ctsValues = new Set(video.map((f) => f.pts - f.dts));
    expect(ctsValues.size).toBeGreaterThan(2);
    // PTS order is not DTS order when B-frames are present.
    expect(video.some((f, i) => i > 0 && f.pts < video[i - 1]!.pts)).toBe(true);
  });

  it('has 432 AAC frames (1024 samples at 44.1 kHz each, ~23 ms apart)', () => {
    expect(p.audioFrames).toHaveLength(432);
    const gaps = p.audioFrames.slice(1).map((a, i) => a.frame.dts - p.audioFrames[i]!.frame.dts);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(22);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(24);
  });

  it('re-encodes every frame to the exact tag body ffmpeg wrote', () => {
    for (const { frame, body } of p.videoFrames) expect(videoTagBody(frame).equals(body)).toBe(true);
    for (const { frame, body } of p.audioFrames) expect(audioTagBody(frame).equals(body)).toBe(true);
  });

  it('turns the AAC frames into an ADTS stream ffprobe reads as 44.1 kHz stereo AAC', async () => {
    const asc = parseAacConfig(p.audioConfigs[0]!.record);
    const params = {
      objectType: asc.objectType,
      sampleRate: asc.sampleRate,
      channelConfiguration: asc.channels,
    };
    const size = p.audioFrames.reduce((n, a) => n + ADTS_HEADER_SIZE + a.frame.data.length, 0);
    const adts = Buffer.allocUnsafe(size);
    let pos = 0;
    for (const { frame } of p.audioFrames) {
      writeAdtsHeader(adts, pos, params, frame.data.length);
      adts.set(frame.data, pos + ADTS_HEADER_SIZE);
      pos += ADTS_HEADER_SIZE + frame.data.length;
    }
    const dir = await mkdtemp(join(tmpdir(), 'mn-adts-'));
    try {
      const path = join(dir, 'audio.aac');
      await writeFile(path, adts);
      const { stdout } = await promisify(execFile)('ffprobe', [
        ...['-v', 'error', '-count_packets', '-of', 'json'],
        ...['-show_entries', 'stream=codec_name,profile,sample_rate,channels,nb_read_packets', path],
      ]);
      const [stream] = (JSON.parse(stdout) as { streams: Array<Record<string, unknown>> }).streams;
      expect(stream).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '44100', channels: 2 });
      expect(stream!.nb_read_packets).toBe('432');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
