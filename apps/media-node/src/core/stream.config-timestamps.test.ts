import { describe, expect, it } from 'vitest';
import type { OutputFormat } from './output-format.ts';
import { Stream } from './stream.ts';
import { audio, fakeSource, MemorySink, video, videoConfig } from './testing/core-fakes.ts';

/** Config encodes as `[cfg v=<record byte>@<timestamp>]`, frames as `[K<dts>]`, `[P<dts>]`, `[a<dts>]`; counts config encodings. */
function stampedFormat(): OutputFormat & { configEncodings: number } {
  const format = {
    id: 'stamped',
    configEncodings: 0,
    encodeConfig(c: Parameters<OutputFormat['encodeConfig']>[0], timestamp: number): Buffer {
      format.configEncodings++;
      return Buffer.from(`[cfg v=${c.video?.record[0] ?? '-'}@${timestamp}]`);
    },
    encodeFrame: (f: Parameters<OutputFormat['encodeFrame']>[0]) =>
      Buffer.from(`[${f.kind === 'video' ? (f.keyframe ? 'K' : 'P') : 'a'}${f.dts}]`),
  };
  return format;
}

/** Keeps the parts of each write too, to check which Buffers readers share. */
class PartsSink extends MemorySink {
  parts: Buffer[] = [];
  override writeParts(parts: readonly Buffer[]): void {
    this.parts.push(...parts);
    super.writeParts(parts);
  }
}

function newStream(readerQueueBytes = 100): Stream {
  const s = new Stream(
    { vhost: 'v', app: 'live', stream: 's' },
    { gop: { maxBytes: 1 << 20, maxItems: 1000 }, readerQueueBytes, maxFlushDelayMs: 1000 },
  );
  s.source = fakeSource('first');
  s.setVideoConfig(videoConfig(1));
  return s;
}

describe('Stream config timestamps', () => {
  it('stamps a mid-stream joiner’s config with the cached keyframe’s dts', () => {
    const s = newStream();
    const format = stampedFormat();
    s.pushFrame(video(90_000, true));
    s.pushFrame(audio(90_010));
    s.pushFrame(video(90_040, false));
    const sink = new MemorySink();
    s.addReader('j', 'test', format, sink);
    expect(sink.text()).toBe('[cfg v=1@90000][K90000][a90010][P90040]');
    s.close('done');
  });

  it('stamps the config of a reader resyncing after it fell behind with the resync keyframe’s dts', () => {
    const s = newStream();
    const format = stampedFormat();
    s.pushFrame(video(90_000, true));
    const slow = new MemorySink();
    s.addReader('slow', 'test', format, slow);
    slow.buffered = 500;
    s.pushFrame(video(90_040, false));
    s.pushFrame(video(91_000, true));
    slow.buffered = 0;
    s.pushFrame(video(91_040, false));
    s.pushFrame(video(92_000, true));
    expect(slow.writes.at(-1)!.toString()).toBe('[cfg v=1@92000][K92000]');
    s.close('done');
  });

  it('stamps a config change with the last dts sent, lowered to the next frame’s when that is earlier', () => {
    const s = newStream();
    const format = stampedFormat();
    const sink = new MemorySink();
    s.pushFrame(video(90_000, true));
    s.addReader('p', 'test', format, sink);
    s.setVideoConfig(videoConfig(2));
    s.pushFrame(video(90_040, false));
    expect(sink.writes.at(-1)!.toString()).toBe('[cfg v=2@90000][P90040]');
    // Audio running behind video: the change must not land after the audio frame that follows it.
    s.setVideoConfig(videoConfig(3));
    s.pushFrame(audio(90_030));
    s.pushFrame(video(90_080, true));
    expect(sink.writes.at(-1)!.toString()).toBe('[cfg v=3@90030][a90030][K90080]');
    s.close('done');
  });

  it('stamps a changed config after a takeover with the new source’s first keyframe, shifted', () => {
    const s = newStream();
    const format = stampedFormat();
    const sink = new MemorySink();
    s.pushFrame(video(90_000, true));
    s.addReader('p', 'test', format, sink);
    s.detachSource();
    const before = sink.text();
    s.takeOver(fakeSource('second'));
    s.setVideoConfig(videoConfig(2));
    s.pushFrame(video(0, true));
    const [, cfgAt, keyAt] = /^\[cfg v=2@(\d+)\]\[K(\d+)\]$/.exec(sink.text().slice(before.length)) ?? [];
    expect(Number(cfgAt)).toBeGreaterThan(90_000);
    expect(cfgAt).toBe(keyAt);
    s.close('done');
  });

  it('shares one config Buffer between readers starting at the same keyframe, re-encoding per keyframe', () => {
    const s = newStream();
    const format = stampedFormat();
    s.pushFrame(video(90_000, true));
    s.pushFrame(video(90_040, false));
    const a = new PartsSink();
    const b = new PartsSink();
    s.addReader('a', 'test', format, a);
    s.addReader('b', 'test', format, b);
    expect(a.parts[0]!.toString()).toBe('[cfg v=1@90000]');
    expect(a.parts[0]).toBe(b.parts[0]);
    expect(format.configEncodings).toBe(1);
    // Both fall behind and resume at the same keyframe: one encoding at its dts, shared.
    a.buffered = 500;
    b.buffered = 500;
    s.pushFrame(video(90_080, false));
    a.buffered = 0;
    b.buffered = 0;
    s.pushFrame(video(91_000, true));
    expect(a.parts.at(-2)!.toString()).toBe('[cfg v=1@91000]');
    expect(a.parts.at(-2)).toBe(b.parts.at(-2));
    expect(format.configEncodings).toBe(2);
    // A joiner on that keyframe reuses the same encoding.
    const c = new PartsSink();
    s.addReader('c', 'test', format, c);
    expect(c.parts[0]).toBe(a.parts.at(-2));
    expect(format.configEncodings).toBe(2);
    s.close('done');
  });
});
