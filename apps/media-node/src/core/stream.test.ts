import { describe, expect, it, vi } from 'vitest';
import type { MediaFrame } from './frame.ts';
import type { OutputFormat } from './output-format.ts';
import { Stream } from './stream.ts';
import { MemorySink } from './testing/core-fakes.ts';

// A narrow fake format: each frame encodes to a tag naming it, so order is readable.
const textFormat: OutputFormat = {
  id: 'text',
  encodeConfig: (c) => Buffer.from(`[cfg v=${c.video ? 1 : 0}]`),
  encodeFrame: (f) => Buffer.from(`[${f.kind === 'video' ? (f.keyframe ? 'K' : 'P') : 'a'}${f.dts}]`),
};

const video = (dts: number, keyframe: boolean): MediaFrame => ({
  kind: 'video',
  codec: 'h264',
  dts,
  pts: dts,
  keyframe,
  data: Buffer.alloc(10),
});
const audio = (dts: number): MediaFrame => ({
  kind: 'audio',
  codec: 'aac',
  dts,
  pts: dts,
  data: Buffer.alloc(4),
});

function newStream(readerQueueBytes = 1000): Stream {
  const s = new Stream(
    { vhost: 'v', app: 'live', stream: 's' },
    { gop: { maxBytes: 1 << 20, maxItems: 1000 }, readerQueueBytes, maxFlushDelayMs: 1000 },
  );
  s.setVideoConfig({ kind: 'video', codec: 'h264', record: Buffer.from([1]), width: 2, height: 2 });
  return s;
}

describe('Stream fan-out', () => {
  it('starts a mid-stream joiner on config and the cached keyframe, in one write', () => {
    const s = newStream();
    s.pushFrame(video(0, true));
    s.pushFrame(audio(10));
    s.pushFrame(video(40, false));
    const sink = new MemorySink();
    s.addReader('r1', 'test', textFormat, sink);
    expect(sink.writes).toHaveLength(1);
    expect(sink.text()).toBe('[cfg v=1][K0][a10][P40]');
    s.pushFrame(video(80, false));
    expect(sink.text()).toBe('[cfg v=1][K0][a10][P40][P80]');
  });

  it('holds a reader that joins before any keyframe until one arrives', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.addReader('r1', 'test', textFormat, sink);
    s.pushFrame(video(0, false));
    s.pushFrame(audio(10));
    expect(sink.writes).toHaveLength(0);
    s.pushFrame(audio(20));
    s.pushFrame(video(40, true));
    expect(sink.text()).toBe('[cfg v=1][K40]');
  });

  it('merges audio into the next video write and shares one Buffer between readers', () => {
    const s = newStream();
    s.pushFrame(video(0, true));
    const a = new MemorySink();
    const b = new MemorySink();
    s.addReader('a', 'test', textFormat, a);
    s.addReader('b', 'test', textFormat, b);
    s.pushFrame(audio(10));
    s.pushFrame(audio(20));
    s.pushFrame(video(40, false));
    expect(a.writes).toHaveLength(2);
    expect(a.writes[1]!.toString()).toBe('[a10][a20][P40]');
    expect(a.writes[1]).toBe(b.writes[1]);
  });

  it('drops a slow reader to the next keyframe and never grows its queue', () => {
    const s = newStream(100);
    s.pushFrame(video(0, true));
    const slow = new MemorySink();
    const reader = s.addReader('slow', 'test', textFormat, slow);
    slow.buffered = 500;
    s.pushFrame(video(40, false));
    s.pushFrame(video(80, true));
    expect(slow.writes).toHaveLength(1);
    expect(reader.stats.droppedGroups).toBe(1);
    slow.buffered = 0;
    s.pushFrame(video(120, false));
    expect(slow.writes).toHaveLength(1);
    s.pushFrame(video(160, true));
    expect(slow.writes.at(-1)!.toString()).toBe('[cfg v=1][K160]');
  });

  it('closes a reader that stays over its queue bound for the stall timeout, and only that one', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const s = new Stream(
        { vhost: 'v', app: 'live', stream: 's' },
        {
          gop: { maxBytes: 1 << 20, maxItems: 1000 },
          readerQueueBytes: 100,
          maxFlushDelayMs: 1000,
          readerStallTimeoutMs: 5000,
        },
      );
      s.pushFrame(video(0, true));
      const dead = new MemorySink();
      const healthy = new MemorySink();
      const waiting = new MemorySink();
      s.addReader('dead', 'test', textFormat, dead);
      s.addReader('healthy', 'test', textFormat, healthy);
      const slow = s.addReader('waiting', 'test', textFormat, waiting);
      dead.buffered = 500;
      waiting.buffered = 500;
      for (let t = 40; t <= 4000; t += 40) {
        vi.setSystemTime(t);
        s.pushFrame(video(t, t % 2000 === 0));
      }
      // Drained in time: it resumes at the next keyframe and its stall clock restarts.
      waiting.buffered = 0;
      for (let t = 4040; t <= 6000; t += 40) {
        vi.setSystemTime(t);
        s.pushFrame(video(t, t % 2000 === 0));
      }
      expect(slow.needsSync).toBe(false);
      expect(waiting.closed).toBeUndefined();
      expect(dead.closed).toMatch(/^reader stalled: over its 100-byte queue for 5000 ms/);
      expect(s.readerCount()).toBe(2);
      expect(healthy.closed).toBeUndefined();
      expect(healthy.text()).toContain('[P5960]');
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts readers by protocol and closes them all on close', () => {
    const s = newStream();
    const sinks = [new MemorySink(), new MemorySink(), new MemorySink()];
    s.addReader('1', 'rtmp', textFormat, sinks[0]!);
    s.addReader('2', 'rtmp', textFormat, sinks[1]!);
    const r3 = s.addReader('3', 'http-flv', textFormat, sinks[2]!);
    expect(s.readerCountsByProtocol()).toEqual({ rtmp: 2, 'http-flv': 1 });
    s.removeReader(r3);
    expect(s.readerCount()).toBe(2);
    s.close('test over');
    expect(sinks.map((k) => k.closed)).toEqual(['test over', 'test over', undefined]);
  });
});

describe('Stream write merging', () => {
  it('merges frames on a timer once the audience reaches the threshold', async () => {
    const s = new Stream(
      { vhost: 'v', app: 'live', stream: 'm' },
      {
        gop: { maxBytes: 1 << 20, maxItems: 1000 },
        readerQueueBytes: 1000,
        maxFlushDelayMs: 1000,
        mergeWrites: { readers: 2, intervalMs: 20 },
      },
    );
    s.setVideoConfig({ kind: 'video', codec: 'h264', record: Buffer.from([1]), width: 2, height: 2 });
    s.pushFrame(video(0, true));
    const a = new MemorySink();
    s.addReader('a', 'test', textFormat, a);
    s.pushFrame(video(40, false));
    expect(a.writes).toHaveLength(2);
    s.addReader('b', 'test', textFormat, new MemorySink());
    s.pushFrame(video(80, false));
    s.pushFrame(video(120, false));
    expect(a.writes).toHaveLength(2);
    await vi.waitFor(() => expect(a.writes).toHaveLength(3), { timeout: 2000, interval: 5 });
    expect(a.writes[2]!.toString()).toBe('[P80][P120]');
    s.close('done');
  });
});
