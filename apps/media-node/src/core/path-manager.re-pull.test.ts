import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  accessRequest,
  fakeSource,
  lifecycle,
  MemorySink,
  textFormat,
  video,
  videoConfig,
} from './testing/core-fakes.ts';
import { pathsHarness, type StartedPull } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const URL = 'rtmp://origin.example/live/cam?token=secret';
const KEY = '__defaultVhost__/live/cam';

/** Sends a config and a keyframe at `dts` through a pull, as its client would. */
function firstFrame(pull: StartedPull, dts: number): void {
  pull.feed.stream.setVideoConfig(videoConfig(1));
  pull.feed.stream.pushFrame(video(dts, true));
  pull.feed.ready();
}

/** A pulled live/cam with one player that has frames up to dts 1000; its app holds streams 10 s. */
async function pulledWithPlayer(over = {}) {
  const h = pathsHarness();
  h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000, continuePushMs: 10_000, ...over });
  h.policy.notFound = async () => ({ action: 'pull', url: URL });
  const play = h.paths.startPlay(accessRequest('cam'));
  await vi.advanceTimersByTimeAsync(0);
  const pull = h.pulls[0]!;
  firstFrame(pull, 0);
  const stream = await play;
  const sink = new MemorySink();
  stream.addReader('p1', 'rtmp', textFormat, sink);
  for (let dts = 40; dts <= 1000; dts += 40) stream.pushFrame(video(dts, dts % 400 === 0));
  return { h, stream, sink, pull };
}

/** Every dts a text sink received, in order. */
function dtsSeen(sink: MemorySink): number[] {
  return [...sink.text().matchAll(/\[[KPa](\d+):/g)].map((m) => Number(m[1]));
}

/** Ends attempt `n` (1-based, the first re-pull is pull 2) before its first frame. */
function failAttempt(h: ReturnType<typeof pathsHarness>, n: number): void {
  h.pulls[n]!.feed.ended('RTMP connection failed: ECONNREFUSED');
}

describe('re-pulling an orphaned pulled stream', () => {
  it('retries from the same URL with backoff (250 ms doubling to 2 s) within the window', async () => {
    const { h, stream, sink, pull } = await pulledWithPlayer();
    pull.feed.ended('remote closed');
    expect(h.paths.isOrphaned(stream)).toBe(true);
    const startedAt: number[] = [];
    const t0 = Date.now();
    for (let ms = 0; ms < 10_000; ms += 50) {
      const before = h.pulls.length;
      await vi.advanceTimersByTimeAsync(50);
      if (h.pulls.length === before) continue;
      startedAt.push(Date.now() - t0);
      // Each attempt waits for data only as long as the window lasts.
      expect(h.pulls.at(-1)!.feed.firstDataWithinMs).toBe(10_000 - (Date.now() - t0));
      failAttempt(h, h.pulls.length - 1);
    }
    expect(startedAt).toEqual([250, 750, 1750, 3750, 5750, 7750, 9750]);
    expect(h.pulls.every((p) => p.url === URL)).toBe(true);
    // The window was not extended: the stream ended 10 s after the drop, nothing tried after.
    expect(h.registry.get(stream.key)).toBeUndefined();
    expect(sink.closed).toBe('pull ended: remote closed; no source took over within 10000 ms');
    expect(h.unregistered).toEqual([KEY]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.pulls).toHaveLength(8);
  });

  it('continues the players’ timeline across a re-pull and ends the hold on its first frame', async () => {
    const { h, stream, sink, pull } = await pulledWithPlayer();
    pull.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(250);
    failAttempt(h, 1);
    await vi.advanceTimersByTimeAsync(500);
    const retry = h.pulls[2]!;
    // Taken over before any of its frames arrive.
    expect(stream.source).toBe(retry.source);
    // The new pull's remote timeline starts again at 0.
    firstFrame(retry, 0);
    for (let dts = 40; dts <= 400; dts += 40) stream.pushFrame(video(dts, false));
    expect(h.paths.isOrphaned(stream)).toBe(false);
    const seen = dtsSeen(sink);
    expect(seen.length).toBeGreaterThan(30);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    // The hold is over: no removal when the old window would have ended, no more attempts.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.registry.getLive(stream.key)).toBe(stream);
    expect(sink.closed).toBeUndefined();
    expect(h.pulls).toHaveLength(3);
    expect(h.unregistered).toEqual([]);
  });

  it('holds afresh and re-pulls again when a recovered pull drops later', async () => {
    const { h, stream, pull } = await pulledWithPlayer();
    pull.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(250);
    firstFrame(h.pulls[1]!, 0);
    await vi.advanceTimersByTimeAsync(20_000);
    h.pulls[1]!.feed.ended('remote closed again');
    expect(h.paths.isOrphaned(stream)).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(h.pulls).toHaveLength(3);
    expect(h.pulls[2]!.feed.firstDataWithinMs).toBe(9750);
  });

  it('stops when a publisher takes the stream over', async () => {
    const { h, stream, sink, pull } = await pulledWithPlayer();
    pull.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(250);
    const attempt = h.pulls[1]!;
    const publisher = fakeSource('publisher');
    expect(await h.paths.startPublish(accessRequest('cam'), publisher)).toBe(stream);
    expect(attempt.source.closedWith).toBe('a publisher took over the stream');
    expect(stream.source).toBe(publisher);
    // The attempt's late end changes nothing, and nothing is pulled any more.
    attempt.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.pulls).toHaveLength(2);
    expect(sink.closed).toBeUndefined();
    // The publisher's own drop is held without a re-pull.
    h.paths.endPublish(stream, 'publisher left: peer closed', { clean: false, source: publisher });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.pulls).toHaveLength(2);
    expect(sink.closed).toMatch(/no source took over within 10000 ms/);
  });

  it('stops at once when the stream is closed through the API', async () => {
    const connecting = await pulledWithPlayer();
    connecting.pull.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(250);
    connecting.h.registry.remove(connecting.stream, 'closed by the control API', true);
    expect(connecting.h.pulls[1]!.source.closedWith).toBe('closed by the control API');
    expect(connecting.sink.closed).toBe('closed by the control API');
    expect(vi.getTimerCount()).toBe(0);

    const between = await pulledWithPlayer();
    between.pull.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(250);
    failAttempt(between.h, 1);
    between.h.registry.remove(between.stream, 'closed by the control API', true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(between.h.pulls).toHaveLength(2);
  });

  it('does not re-pull when continuePushMs is 0: the stream ends as before', async () => {
    const { h, stream, sink, pull } = await pulledWithPlayer({ continuePushMs: 0 });
    pull.feed.ended('remote closed');
    expect(h.registry.get(stream.key)).toBeUndefined();
    expect(sink.closed).toBe('pull ended: remote closed');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.pulls).toHaveLength(1);
  });

  it('keeps the pull URL on the stream, and drops it when a publisher takes over', async () => {
    const { h, stream, pull } = await pulledWithPlayer();
    expect(stream.pullUrl).toBe(URL);
    pull.feed.ended('remote closed');
    await h.paths.startPublish(accessRequest('cam'), fakeSource('publisher'));
    expect(stream.pullUrl).toBeUndefined();
  });
});
