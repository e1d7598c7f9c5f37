import { describe, expect, it } from 'vitest';
import type { AudioConfig, VideoConfig } from '../core/frame.ts';
import type { StreamConfig } from '../core/output-format.ts';
import { HeartbeatBuilder, type HeartbeatStreamSource, type ProcessUsage } from './heartbeat.ts';

const video: VideoConfig = { kind: 'video', codec: 'h264', record: Buffer.alloc(0), width: 640, height: 360 };
const audio: AudioConfig = {
  kind: 'audio',
  codec: 'aac',
  record: Buffer.alloc(0),
  sampleRate: 44100,
  channels: 2,
};

function fakeStream(
  name: string,
  over: { announced?: boolean; createdAt?: number; config?: StreamConfig } = {},
) {
  const readers: Record<string, number> = {};
  const s = {
    key: { vhost: 'v', app: 'live', stream: name },
    announced: over.announced ?? true,
    bytesIn: 0,
    createdAt: over.createdAt ?? 0,
    currentConfig: over.config ?? { video, audio },
    readerCount: () => Object.values(readers).reduce((a, b) => a + b, 0),
    readerCountsByProtocol: () => ({ ...readers }),
  };
  return { stream: s satisfies HeartbeatStreamSource, readers };
}

function setup() {
  const clock = { now: 0 };
  const usage = { cpu: 0, rss: 1000 };
  const processUsage: ProcessUsage = { cpuMicros: () => usage.cpu, rssBytes: () => usage.rss };
  const streams: HeartbeatStreamSource[] = [];
  const sessions = { count: 0 };
  const builder = new HeartbeatBuilder({
    streams: () => streams,
    sessionCount: () => sessions.count,
    usage: processUsage,
    now: () => clock.now,
  });
  return { clock, usage, streams, sessions, builder };
}

describe('HeartbeatBuilder', () => {
  it('reports CPU as percent of one core over the interval, RSS and the session count', () => {
    const t = setup();
    t.clock.now = 5000;
    t.usage.cpu = 1_000_000; // 1 s of CPU in 5 s.
    t.usage.rss = 123_456;
    t.sessions.count = 7;
    expect(t.builder.build().load).toEqual({ cpuPercent: 20, rssBytes: 123_456, sessions: 7 });
    t.clock.now = 6000;
    t.usage.cpu = 2_500_000; // 1.5 s in 1 s: more than one core.
    expect(t.builder.build().load.cpuPercent).toBe(150);
    expect(t.builder.build().load.cpuPercent).toBe(0); // No time passed.
  });

  it('reports each announced stream’s readers, tracks and input bitrate since the last beat', () => {
    const t = setup();
    const cam = fakeStream('cam', { createdAt: 0 });
    cam.readers.rtmp = 1;
    cam.readers['http-flv'] = 2;
    t.streams.push(cam.stream);
    t.streams.push(fakeStream('pending', { announced: false }).stream);

    t.clock.now = 4000;
    cam.stream.bytesIn = 1_000_000; // 8 Mbit over 4 s since it was created.
    const first = t.builder.build().streams;
    expect(first).toEqual([
      {
        vhost: 'v',
        app: 'live',
        stream: 'cam',
        readers: { total: 3, byProtocol: { rtmp: 1, 'http-flv': 2 } },
        bitrateKbps: 2000,
        tracks: [
          { kind: 'video', codec: 'h264', width: 640, height: 360 },
          { kind: 'audio', codec: 'aac', sampleRate: 44100, channels: 2 },
        ],
      },
    ]);

    t.clock.now = 9000;
    cam.stream.bytesIn = 1_625_000; // 625 kB in 5 s = 1000 kbit/s.
    expect(t.builder.build().streams[0]!.bitrateKbps).toBe(1000);
    t.clock.now = 10_000; // Nothing arrived.
    expect(t.builder.build().streams[0]!.bitrateKbps).toBe(0);
  });

  it('a stream created since the last beat is measured from its creation; no tracks, no readers', () => {
    const t = setup();
    t.clock.now = 10_000;
    const late = fakeStream('late', { createdAt: 9000, config: {} });
    late.stream.bytesIn = 250;
    t.streams.push(late.stream);
    expect(t.builder.build().streams[0]).toMatchObject({
      readers: { total: 0, byProtocol: {} },
      bitrateKbps: 2,
      tracks: [],
    });
  });
});
