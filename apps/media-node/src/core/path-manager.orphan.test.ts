import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamBusyError } from './errors.ts';
import { accessRequest, fakeSource, lifecycle, MemorySink, textFormat, video } from './testing/core-fakes.ts';
import { feedFirstFrame, livePublisher, pathsHarness } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const KEY = '__defaultVhost__/live/cam';

/** A live stream with one player, whose app holds streams 15 s after an abnormal drop. */
async function liveWithPlayer(over = {}) {
  const h = pathsHarness();
  h.policy.lifecycleFor = () => lifecycle({ continuePushMs: 15_000, ...over });
  const first = fakeSource('first');
  const stream = await livePublisher(h.paths, 'cam', first);
  const sink = new MemorySink();
  const reader = stream.addReader('p1', 'rtmp', textFormat, sink);
  return { h, stream, first, sink, reader };
}

describe('publisher reconnect continuity', () => {
  it('holds the stream after an abnormal drop, then removes it when nobody takes over', async () => {
    const { h, stream, first, sink } = await liveWithPlayer();
    h.paths.endPublish(stream, 'publisher left: socket error', { clean: false, source: first });
    expect(h.registry.getLive(stream.key)).toBe(stream);
    expect(h.paths.isOrphaned(stream)).toBe(true);
    expect(stream.source).toBeUndefined();
    expect(sink.closed).toBeUndefined();
    expect(h.unregistered).toEqual([]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(h.unregistered).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.unregistered).toEqual([KEY]);
    expect(h.registry.get(stream.key)).toBeUndefined();
    expect(sink.closed).toMatch(/socket error; no source took over within 15000 ms/);
  });

  it('lets a new publisher take over the same stream and keeps its players', async () => {
    const { h, stream, first, sink, reader } = await liveWithPlayer();
    h.paths.endPublish(stream, 'publisher left: peer closed', { clean: false, source: first });
    await vi.advanceTimersByTimeAsync(5000);
    const second = fakeSource('second');
    const again = await h.paths.startPublish(accessRequest('cam'), second);
    expect(again).toBe(stream);
    expect(stream.source).toBe(second);
    expect(h.paths.isOrphaned(stream)).toBe(false);
    expect(stream.readers()).toEqual([reader]);
    // The first publisher's late end changes nothing now.
    h.paths.endPublish(stream, 'publisher left: late', { clean: false, source: first });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.registry.getLive(stream.key)).toBe(stream);
    expect(sink.closed).toBeUndefined();
    expect(h.unregistered).toEqual([]);
    expect(h.registered).toEqual([KEY]);
    // After the takeover a normal end applies again.
    h.paths.endPublish(stream, 'publisher sent deleteStream', { clean: true, source: second });
    expect(h.unregistered).toEqual([KEY]);
    expect(sink.closed).toBe('publisher sent deleteStream');
  });

  it('keeps createdAt and bytesIn across a takeover', async () => {
    const { h, stream, first } = await liveWithPlayer();
    const { createdAt } = stream;
    const before = stream.bytesIn;
    h.paths.endPublish(stream, 'drop', { clean: false, source: first });
    await h.paths.startPublish(accessRequest('cam'), fakeSource('second'));
    stream.pushFrame(video(0, true));
    expect(stream.createdAt).toBe(createdAt);
    expect(stream.bytesIn).toBe(before + 10);
  });

  it('still refuses a second publisher while the first is live', async () => {
    const { h } = await liveWithPlayer();
    await expect(h.paths.startPublish(accessRequest('cam'), fakeSource('second'))).rejects.toThrow(
      StreamBusyError,
    );
  });

  it('ends at once on a clean stop, unless continueOnCleanStop', async () => {
    const clean = await liveWithPlayer();
    clean.h.paths.endPublish(clean.stream, 'publisher sent FCUnpublish', {
      clean: true,
      source: clean.first,
    });
    expect(clean.h.unregistered).toEqual([KEY]);
    expect(clean.sink.closed).toBe('publisher sent FCUnpublish');

    const held = await liveWithPlayer({ continueOnCleanStop: true });
    held.h.paths.endPublish(held.stream, 'publisher sent FCUnpublish', { clean: true, source: held.first });
    expect(held.h.paths.isOrphaned(held.stream)).toBe(true);
    expect(held.h.unregistered).toEqual([]);
  });

  it('ends at once when final, when continuePushMs is 0, or when it was never announced', async () => {
    const final = await liveWithPlayer();
    final.h.paths.endPublish(final.stream, 'closed by the control API', {
      clean: false,
      final: true,
      source: final.first,
    });
    expect(final.h.unregistered).toEqual([KEY]);

    const off = await liveWithPlayer({ continuePushMs: 0 });
    off.h.paths.endPublish(off.stream, 'drop', { clean: false, source: off.first });
    expect(off.h.unregistered).toEqual([KEY]);

    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ continuePushMs: 15_000 });
    const source = fakeSource('quiet');
    const silent = await h.paths.startPublish(accessRequest('quiet'), source);
    h.paths.endPublish(silent, 'drop', { clean: false, source });
    expect(h.registry.get(silent.key)).toBeUndefined();
    expect(h.unregistered).toEqual([]);
  });

  it('closing through the API never waits and cancels the hold', async () => {
    const { h, stream, first, sink } = await liveWithPlayer();
    h.paths.endPublish(stream, 'drop', { clean: false, source: first });
    h.registry.remove(stream, 'closed by the control API', true);
    expect(h.unregistered).toEqual([KEY]);
    expect(sink.closed).toBe('closed by the control API');
    expect(h.paths.isOrphaned(stream)).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.unregistered).toEqual([KEY]);
    // The key is free again for a new stream.
    const next = await livePublisher(h.paths, 'cam');
    expect(next).not.toBe(stream);
  });

  it('holds a pulled stream that ends abnormally, and a publisher may take it over', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000, continuePushMs: 10_000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    const player = h.paths.startPlay(accessRequest('cam'));
    await vi.advanceTimersByTimeAsync(0);
    const { feed } = h.pulls[0]!;
    feedFirstFrame(h.paths, feed.stream);
    feed.ready();
    const stream = await player;
    feed.ended('remote closed');
    expect(h.paths.isOrphaned(stream)).toBe(true);
    expect(h.unregistered).toEqual([]);
    const publisher = await h.paths.startPublish(accessRequest('cam'), fakeSource('pub'));
    expect(publisher).toBe(stream);
    expect(stream.sourceKind).toBe('publisher');
  });

  it('removes a pull that ends before its first frame (no hold, no unregister)', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000, continuePushMs: 10_000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    void h.paths.startPlay(accessRequest('cam')).catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const { feed, source } = h.pulls[0]!;
    feed.ended('connection refused');
    expect(h.registry.get(feed.stream.key)).toBeUndefined();
    expect(feed.stream.closed).toBe(true);
    expect(source.closedWith).toBe('pull ended: connection refused');
    expect(h.unregistered).toEqual([]);
  });
});
