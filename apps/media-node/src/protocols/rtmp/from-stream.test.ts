import { describe, expect, it } from 'vitest';
import type { AudioConfig, MediaFrame } from '../../core/frame.ts';
import type { OutputFormat, StreamConfig } from '../../core/output-format.ts';
import { Stream } from '../../core/stream.ts';
import { audio, fakeSource, MemorySink, video, videoConfig } from '../../core/testing/core-fakes.ts';
import { flvOutputFormat } from '../flv/output-format.ts';
import { FlvTagReader } from '../flv/tag-reader.ts';
import { FLV_TAG } from '../flv/tag-types.ts';
import { ChunkReader } from './chunk-reader.ts';
import { rtmpOutputFormat } from './from-stream.ts';

const FLV_FILE_HEADER = Buffer.from('464c5601050000000900000000', 'hex');
const aac = (version: number): AudioConfig => ({
  kind: 'audio',
  codec: 'aac',
  record: Buffer.of(0x12, version),
  sampleRate: 44100,
  channels: 2,
});

/** One tag or message as a player receives it; `config` for onMetaData and sequence headers. */
interface WireTag {
  readonly timestamp: number;
  readonly config: boolean;
}

// The payload of an RTMP audio/video message is an FLV tag body: byte 1 is 0 for a sequence header.
const isConfig = (type: number, body: Buffer): boolean => type === FLV_TAG.SCRIPT || body[1] === 0;

interface Wire {
  readonly format: OutputFormat;
  readonly prefix?: Buffer;
  parse(bytes: Buffer): WireTag[];
}

const wires: Record<string, () => Wire> = {
  flv: () => ({
    format: flvOutputFormat,
    prefix: FLV_FILE_HEADER,
    parse: (bytes) =>
      new FlvTagReader()
        .push(bytes)
        .map((t) => ({ timestamp: t.timestamp, config: isConfig(t.type, t.body) })),
  }),
  rtmp: () => ({
    // 128 is the chunk size a reader assumes before any Set Chunk Size.
    format: rtmpOutputFormat(128, 1),
    parse(bytes) {
      const tags: WireTag[] = [];
      const reader = new ChunkReader({
        onMessage: (m) => tags.push({ timestamp: m.timestamp, config: isConfig(m.typeId, m.payload) }),
      });
      reader.feed(bytes);
      return tags;
    },
  }),
};

/** Audio every 23 ms and video every 40 ms (a keyframe every `gopMs`), in dts order, over [from, to). */
function frames(from: number, to: number, gopMs = 1000): MediaFrame[] {
  const out: MediaFrame[] = [];
  for (let t = from; t < to; t += 40) out.push(video(t, (t - from) % gopMs === 0));
  for (let t = from + 3; t < to; t += 23) out.push(audio(t));
  return out.sort((x, y) => x.dts - y.dts || (x.kind === 'video' ? -1 : 1));
}

/** Timestamps of the config groups a player got (consecutive config tags count once). */
function configStamps(tags: readonly WireTag[]): number[] {
  return tags.filter((t, i) => t.config && !tags[i - 1]?.config).map((t) => t.timestamp);
}

describe('RTMP output format', () => {
  it('stamps config messages like frames, 32-bit wrap and extended timestamps included', () => {
    const wire = wires.rtmp!();
    const config: StreamConfig = { metadata: { encoder: 'x' }, video: videoConfig(1), audio: aac(0x10) };
    for (const ts of [0, 90_000, 0xffffff, 0x1000000, 2 ** 32 + 5]) {
      const configTags = wire.parse(wire.format.encodeConfig(config, ts));
      const frameTag = wire.parse(wire.format.encodeFrame(video(ts, true)));
      expect(configTags).toHaveLength(3);
      for (const tag of configTags) expect(tag).toEqual({ timestamp: frameTag[0]!.timestamp, config: true });
    }
  });
});

describe.each(Object.keys(wires))('config timestamps on the %s wire', (name) => {
  it('never step back for any player: joiners, a resync, a config change and a takeover with a new config', () => {
    const wire = wires[name]!();
    const s = new Stream(
      { vhost: 'v', app: 'live', stream: 's' },
      { gop: { maxBytes: 1 << 20, maxItems: 1000 }, readerQueueBytes: 1 << 16, maxFlushDelayMs: 1000 },
    );
    const sinks: Record<string, MemorySink> = {};
    const join = (id: string): MemorySink => {
      const sink = new MemorySink();
      sinks[id] = sink;
      s.addReader(id, name, wire.format, sink, wire.prefix);
      return sink;
    };
    const push = (list: MediaFrame[]): void => {
      for (const f of list) s.pushFrame(f);
    };
    s.source = fakeSource('first');
    s.setMetadata({ encoder: 'v1' });
    s.setVideoConfig(videoConfig(1));
    s.setAudioConfig(aac(0x10));
    join('early');
    push(frames(90_000, 91_500));
    join('midGop');
    const slow = join('slow');
    slow.buffered = 1 << 20;
    push(frames(91_500, 93_000));
    slow.buffered = 0;
    push(frames(93_000, 94_500));
    // The publisher changes its encoding mid-stream, then drops; a new one takes over with another config.
    s.setMetadata({ encoder: 'v2' });
    s.setVideoConfig(videoConfig(2));
    s.setAudioConfig(aac(0x11));
    push(frames(94_500, 96_000, 500));
    s.detachSource();
    s.takeOver(fakeSource('second'));
    s.setVideoConfig(videoConfig(3));
    push(frames(0, 1000));
    join('afterTakeover');
    push(frames(1000, 1500));
    s.flush();
    s.close('done');

    const seen: Record<string, WireTag[]> = {};
    for (const [id, sink] of Object.entries(sinks)) {
      const tags = wire.parse(Buffer.concat(sink.writes));
      seen[id] = tags;
      for (let i = 1; i < tags.length; i++) {
        if (tags[i]!.timestamp < tags[i - 1]!.timestamp) {
          expect.fail(`${id}: tag ${i} at ${tags[i]!.timestamp} after ${tags[i - 1]!.timestamp}`);
        }
      }
    }
    // The last frame before the change was the 94498 audio frame; the takeover's keyframe lands after 95980.
    const takeoverKey = (tags: WireTag[]): number => configStamps(tags).at(-1)!;
    expect(configStamps(seen.early!)).toEqual([90_000, 94_498, takeoverKey(seen.early!)]);
    expect(takeoverKey(seen.early!)).toBeGreaterThan(95_980);
    expect(configStamps(seen.midGop!)).toEqual([91_000, 94_498, takeoverKey(seen.early!)]);
    expect(configStamps(seen.slow!)).toEqual([91_000, 93_000, 94_498, takeoverKey(seen.early!)]);
    expect(configStamps(seen.afterTakeover!)).toEqual([takeoverKey(seen.early!)]);
  });
});
