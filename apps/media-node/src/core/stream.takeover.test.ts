import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Stream } from './stream.ts';
import { audio, fakeSource, MemorySink, textFormat, video, videoConfig } from './testing/core-fakes.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function newStream(): Stream {
  const s = new Stream(
    { vhost: 'v', app: 'live', stream: 's' },
    { gop: { maxBytes: 1 << 20, maxItems: 1000 }, readerQueueBytes: 1 << 20, maxFlushDelayMs: 1000 },
  );
  s.source = fakeSource('first');
  s.setMetadata({ tag: 'm1' });
  s.setVideoConfig(videoConfig(1));
  return s;
}

/** Timestamps as a player sees them, in order, from the text encoding: `K1500:1580` -> [K, 1500, 1580]. */
function seen(sink: MemorySink): [string, number, number][] {
  return [...sink.text().matchAll(/\[([KPa])(\d+):(\d+)\]/g)].map((m) => [m[1]!, Number(m[2]), Number(m[3])]);
}

describe('Stream takeover by a new source', () => {
  it('shifts the new source so timestamps never go backwards, on both tracks, keeping pts - dts', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.pushFrame(video(0, true));
    s.addReader('p', 'rtmp', textFormat, sink);
    s.pushFrame(audio(980));
    s.pushFrame(video(1000, false, 1080));
    s.detachSource();
    vi.advanceTimersByTime(500);
    s.takeOver(fakeSource('second'));
    // The new publisher starts its clock at 0, with B-frames (pts ahead of dts).
    s.pushFrame(video(0, true, 80));
    s.pushFrame(audio(10));
    s.pushFrame(video(40, false, 160));
    s.flush();
    expect(seen(sink)).toEqual([
      ['K', 0, 0],
      ['a', 980, 980],
      ['P', 1000, 1080],
      ['K', 1500, 1580],
      ['a', 1510, 1510],
      ['P', 1540, 1660],
    ]);
  });

  it('never mutates the frames it is given', () => {
    const s = newStream();
    s.pushFrame(video(5000, true));
    s.detachSource();
    s.takeOver(fakeSource('second'));
    const frame = video(0, true);
    s.pushFrame(frame);
    expect(frame.dts).toBe(0);
    expect(frame.pts).toBe(0);
  });

  it('keeps a track that starts earlier in the new source from stepping below its last timestamp', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.pushFrame(video(0, true));
    s.addReader('p', 'rtmp', textFormat, sink);
    s.pushFrame(audio(1000));
    s.pushFrame(video(1000, false));
    s.detachSource();
    vi.advanceTimersByTime(5);
    s.takeOver(fakeSource('second'));
    s.pushFrame(video(100, true));
    s.pushFrame(audio(50));
    s.pushFrame(video(140, false));
    s.flush();
    const stamps = seen(sink);
    for (const track of ['a', 'v']) {
      const dts = stamps.filter(([k]) => (track === 'a' ? k === 'a' : k !== 'a')).map(([, d]) => d);
      expect(dts).toEqual([...dts].sort((x, y) => x - y));
    }
    // Video lands at 1000 + 5 ms; the earlier audio is lifted to its floor (1000), shifting what follows.
    expect(stamps.slice(-3)).toEqual([
      ['K', 1005, 1005],
      ['a', 1000, 1000],
      ['P', 1090, 1090],
    ]);
  });

  it('starts joiners at the new source’s first keyframe, never on the old GOP', () => {
    const s = newStream();
    s.pushFrame(video(0, true));
    s.pushFrame(video(40, false));
    s.detachSource();
    s.takeOver(fakeSource('second'));
    const joiner = new MemorySink();
    s.addReader('j', 'rtmp', textFormat, joiner);
    expect(joiner.writes).toHaveLength(0);
    s.pushFrame(video(0, false));
    expect(joiner.writes).toHaveLength(0);
    vi.advanceTimersByTime(40);
    s.pushFrame(video(40, true));
    expect(joiner.text()).toMatch(/^\[cfg v=1 m=m1\]\[K\d+:\d+\]$/);
  });

  it('resumes current players at the next keyframe without resending an unchanged config', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.pushFrame(video(0, true));
    s.addReader('p', 'rtmp', textFormat, sink);
    s.detachSource();
    const before = sink.text();
    s.takeOver(fakeSource('second'));
    // The returning publisher repeats the same metadata and sequence header, then a non-key frame.
    s.setMetadata({ tag: 'm1' });
    s.setVideoConfig(videoConfig(1));
    s.pushFrame(video(0, false));
    s.pushFrame(audio(10));
    s.flush();
    expect(sink.text()).toBe(before);
    s.pushFrame(video(40, true));
    expect(sink.text().slice(before.length)).toMatch(/^\[K\d+:\d+\]$/);
  });

  it('sends a changed sequence header to current players before the next frame', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.pushFrame(video(0, true));
    s.addReader('p', 'rtmp', textFormat, sink);
    s.detachSource();
    const before = sink.text();
    s.takeOver(fakeSource('second'));
    s.setVideoConfig(videoConfig(2));
    s.pushFrame(video(0, true));
    expect(sink.text().slice(before.length)).toMatch(/^\[cfg v=2 m=m1\]\[K\d+:\d+\]$/);
  });

  it('leaves the timeline of a stream that was never taken over untouched', () => {
    const s = newStream();
    const sink = new MemorySink();
    s.addReader('p', 'rtmp', textFormat, sink);
    const frame = video(7, true, 47);
    s.pushFrame(frame);
    expect(seen(sink)).toEqual([['K', 7, 47]]);
  });
});
