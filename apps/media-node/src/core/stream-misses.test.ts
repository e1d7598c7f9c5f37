import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamNotFoundError } from './errors.ts';
import type { StreamNotFoundDecision } from './policy.ts';
import type { Stream } from './stream.ts';
import { accessRequest, deferred, fakeSource, lifecycle } from './testing/core-fakes.ts';
import { feedFirstFrame, livePublisher, pathsHarness } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `n` players for `live/<name>` and records how each one ends. */
function players(h: ReturnType<typeof pathsHarness>, name: string, n: number, params = {}) {
  const outcomes: (Stream | Error | undefined)[] = new Array(n).fill(undefined);
  const aborts = Array.from({ length: n }, () => new AbortController());
  for (let i = 0; i < n; i++) {
    h.paths.startPlay(accessRequest(name, params), aborts[i]!.signal).then(
      (s) => {
        outcomes[i] = s;
      },
      (e: Error) => {
        outcomes[i] = e;
      },
    );
  }
  return { outcomes, aborts };
}

describe('play before publish: one miss per stream key', () => {
  it('holds 50 players on one report and starts them all when the stream is announced', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 10_000 });
    const { outcomes } = players(h, 'cam', 50, { device: 'd1' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.policy.notFoundReports).toEqual([
      {
        vhost: '__defaultVhost__',
        app: 'live',
        stream: 'cam',
        protocol: 'http-flv',
        params: { device: 'd1' },
      },
    ]);
    expect(h.paths.waitingFor({ vhost: '__defaultVhost__', app: 'live', stream: 'cam' })).toBe(50);
    expect(outcomes.every((o) => o === undefined)).toBe(true);
    const stream = await livePublisher(h.paths, 'cam');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes.every((o) => o === stream)).toBe(true);
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(h.paths.waitingFor(stream.key)).toBe(0);
  });

  it('fails every waiting player at once when the decision is fail', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const answer = deferred<StreamNotFoundDecision>();
    h.policy.notFound = () => answer.promise;
    const { outcomes } = players(h, 'cam', 50);
    await vi.advanceTimersByTimeAsync(100);
    expect(outcomes.every((o) => o === undefined)).toBe(true);
    answer.resolve({ action: 'fail', reason: 'device offline' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes.every((o) => o instanceof StreamNotFoundError)).toBe(true);
    expect((outcomes[0] as Error).message).toMatch(/device offline/);
    expect(h.policy.notFoundReports).toHaveLength(1);
    // The miss is over: the next player reports again.
    players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(2);
  });

  it('starts exactly one pull for a pull decision and starts the players when it is ready', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 10_000, noneReaderDelayMs: 7000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    const { outcomes } = players(h, 'cam', 50);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.pulls.map((p) => p.url)).toEqual(['rtmp://origin.example/live/cam']);
    const { feed, source } = h.pulls[0]!;
    expect(feed.stream.sourceKind).toBe('pull');
    expect(feed.stream.lifecycle?.noneReaderDelayMs).toBe(7000);
    // A player arriving while the pull connects waits for it without a second report or pull.
    players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(1);
    feedFirstFrame(h.paths, feed.stream);
    feed.ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes.every((o) => o === feed.stream)).toBe(true);
    expect(h.pulls).toHaveLength(1);
    expect(h.registered).toEqual(['__defaultVhost__/live/cam']);
    h.registry.remove(feed.stream, 'closed by the control API', true);
    expect(source.closedWith).toBe('closed by the control API');
  });

  it('fails the held players at once when the pull fails before its first frame', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 10_000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    const { outcomes } = players(h, 'cam', 3);
    await vi.advanceTimersByTimeAsync(0);
    h.pulls[0]!.feed.ended('RTMP play refused: NetStream.Play.StreamNotFound');
    await vi.advanceTimersByTimeAsync(0);
    for (const o of outcomes) {
      expect(o).toBeInstanceOf(StreamNotFoundError);
      expect((o as Error).message).toContain('pull failed: RTMP play refused');
    }
    expect(h.registry.get({ vhost: '__defaultVhost__', app: 'live', stream: 'cam' })).toBeUndefined();
    // The next player is a new miss: reported again, so the control API can decide afresh.
    players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(2);
  });

  it('times each player out on its own decision, then a later player starts a new miss', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = (req) => lifecycle({ maxStreamWaitMs: Number(req.params.wait) });
    const short = players(h, 'cam', 1, { wait: '1000' });
    const long = players(h, 'cam', 1, { wait: '3000' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(short.outcomes[0]).toBeInstanceOf(StreamNotFoundError);
    expect(long.outcomes[0]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2000);
    expect(long.outcomes[0]).toBeInstanceOf(StreamNotFoundError);
    expect(h.policy.notFoundReports).toHaveLength(1);
    players(h, 'cam', 1, { wait: '1000' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(2);
  });

  it('ends the miss when its last player leaves (abort)', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const { outcomes, aborts } = players(h, 'cam', 2);
    await vi.advanceTimersByTimeAsync(0);
    aborts[0]!.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes[0]).toBeInstanceOf(StreamNotFoundError);
    players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(1);
    aborts[1]!.abort();
    await vi.advanceTimersByTimeAsync(60_000);
    players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(2);
  });

  it('with maxStreamWaitMs 0 still reports the miss once, and fails at once', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 0 });
    const err = await h.paths.startPlay(accessRequest('cam')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamNotFoundError);
    expect(h.policy.notFoundReports).toHaveLength(1);
  });

  it('uses the node fallback when the decision carries no lifecycle', async () => {
    const h = pathsHarness({ maxStreamWaitMs: 2000 });
    const { outcomes } = players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(outcomes[0]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes[0]).toBeInstanceOf(StreamNotFoundError);
  });

  it('does not report a stream whose publisher is connecting (no frame yet)', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000 });
    const stream = await h.paths.startPublish(accessRequest('cam'), fakeSource('pub'));
    const { outcomes } = players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(100);
    feedFirstFrame(h.paths, stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes[0]).toBe(stream);
    expect(h.policy.notFoundReports).toHaveLength(0);
  });

  it('keeps players waiting when a pull decision comes to a node that cannot pull', async () => {
    const h = pathsHarness({}, false);
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000 });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    const { outcomes } = players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcomes[0]).toBeUndefined();
    expect(h.registry.get(accessRequest('cam'))).toBeUndefined();
    const stream = await livePublisher(h.paths, 'cam');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes[0]).toBe(stream);
  });

  it('does not pull when a publisher took the key while the decision was pending', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 5000 });
    const answer = deferred<StreamNotFoundDecision>();
    h.policy.notFound = () => answer.promise;
    const { outcomes } = players(h, 'cam', 1);
    await vi.advanceTimersByTimeAsync(0);
    const stream = await h.paths.startPublish(accessRequest('cam'), fakeSource('pub'));
    answer.resolve({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.pulls).toHaveLength(0);
    feedFirstFrame(h.paths, stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes[0]).toBe(stream);
  });
});
