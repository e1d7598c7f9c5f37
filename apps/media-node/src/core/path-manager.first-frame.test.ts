import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamNotFoundError } from './errors.ts';
import type { Stream } from './stream.ts';
import { accessRequest, fakeSource, lifecycle } from './testing/core-fakes.ts';
import { feedFirstFrame, livePublisher, pathsHarness } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const KEY = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };

/** Starts a player for live/cam and records how it ends. */
function player(h: ReturnType<typeof pathsHarness>, params: Record<string, string> = {}) {
  const out: { result: Stream | Error | undefined } = { result: undefined };
  h.paths.startPlay(accessRequest('cam', params)).then(
    (s) => {
      out.result = s;
    },
    (e: Error) => {
      out.result = e;
    },
  );
  return out;
}

describe('first-frame deadline', () => {
  it('removes a publisher’s stream that sends no media in time and closes the publisher', async () => {
    const h = pathsHarness({}, true, 10_000);
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const source = fakeSource('quiet');
    const stream = await h.paths.startPublish(accessRequest('cam'), source);
    stream.setMetadata({ tag: 'only metadata' });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(h.registry.get(KEY)).toBe(stream);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.registry.get(KEY)).toBeUndefined();
    expect(stream.closed).toBe(true);
    expect(source.closedWith).toBe('no media within 10000 ms');
    // Never announced: nothing to unregister.
    expect(h.registered).toEqual([]);
    expect(h.unregistered).toEqual([]);
    // The key is free again.
    const next = await livePublisher(h.paths, 'cam');
    expect(next).not.toBe(stream);
  });

  it('turns the publisher’s waiting players into one reported miss; they keep waiting for another', async () => {
    const h = pathsHarness({}, true, 10_000);
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    await h.paths.startPublish(accessRequest('cam'), fakeSource('quiet'));
    const players = [player(h), player(h)];
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.policy.notFoundReports).toHaveLength(0);
    expect(h.paths.waitingFor(KEY)).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(players.every((p) => p.result === undefined)).toBe(true);
    const next = await livePublisher(h.paths, 'cam');
    await vi.advanceTimersByTimeAsync(0);
    expect(players.every((p) => p.result === next)).toBe(true);
    expect(h.policy.notFoundReports).toHaveLength(1);
  });

  it('does the same when the publisher leaves before its first frame', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const source = fakeSource('gone');
    const stream = await h.paths.startPublish(accessRequest('cam'), source);
    const waiting = player(h);
    await vi.advanceTimersByTimeAsync(100);
    h.paths.endPublish(stream, 'publisher left: peer closed', { clean: false, source });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(waiting.result).toBeUndefined();
    // A later player joins that miss: no second report.
    player(h);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(h.paths.waitingFor(KEY)).toBe(2);
  });

  it('gives a pull as long as its players wait, then fails them with the reason', async () => {
    const h = pathsHarness({}, true, 10_000);
    // The pull takes the first player's wait; a later one waits longer and is failed by the deadline.
    h.policy.lifecycleFor = (req) => lifecycle({ maxStreamWaitMs: Number(req.params.wait) });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    player(h, { wait: '30000' });
    await vi.advanceTimersByTimeAsync(0);
    const { feed, source } = h.pulls[0]!;
    await vi.advanceTimersByTimeAsync(29_000);
    expect(feed.stream.closed).toBe(false);
    const joiner = player(h, { wait: '60000' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.closedWith).toBe('no media within 30000 ms');
    expect(h.registry.get(KEY)).toBeUndefined();
    expect(joiner.result).toBeInstanceOf(StreamNotFoundError);
    expect((joiner.result as Error).message).toContain('pull failed: no media within 30000 ms');
  });

  it('uses the node’s deadline for a pull whose players wait less', async () => {
    const h = pathsHarness({}, true, 10_000);
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 2_000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    player(h);
    await vi.advanceTimersByTimeAsync(9_999);
    const { source } = h.pulls[0]!;
    expect(source.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(source.closedWith).toBe('no media within 10000 ms');
  });

  it('is cancelled by the first frame, and 0 disables it', async () => {
    const h = pathsHarness({}, true, 10_000);
    const stream = await h.paths.startPublish(accessRequest('cam'), fakeSource('pub'));
    expect(vi.getTimerCount()).toBe(1);
    feedFirstFrame(h.paths, stream);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.registry.getLive(KEY)).toBe(stream);

    const off = pathsHarness();
    const silent = await off.paths.startPublish(accessRequest('cam'), fakeSource('quiet'));
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(off.registry.get(KEY)).toBe(silent);
  });

  it('is cancelled when the stream is closed first', async () => {
    const h = pathsHarness({}, true, 10_000);
    const stream = await h.paths.startPublish(accessRequest('cam'), fakeSource('pub'));
    h.registry.remove(stream, 'closed by the control API', false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
