import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamNotFoundError } from './errors.ts';
import type { StreamNotFoundDecision } from './policy.ts';
import type { Stream } from './stream.ts';
import { accessRequest, deferred, lifecycle } from './testing/core-fakes.ts';
import { pathsHarness } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const KEY = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };
const PULL: StreamNotFoundDecision = { action: 'pull', url: 'rtmp://origin.example/live/cam' };

/** Starts a player for live/cam; records how it ends and lets the test make it leave. */
function player(h: ReturnType<typeof pathsHarness>) {
  const abort = new AbortController();
  const out: { result: Stream | Error | undefined; leave(): void } = {
    result: undefined,
    leave: () => abort.abort(),
  };
  h.paths.startPlay(accessRequest('cam'), abort.signal).then(
    (s) => {
      out.result = s;
    },
    (e: Error) => {
      out.result = e;
    },
  );
  return out;
}

describe('players of a key whose pull is connecting', () => {
  it('join the miss that started the pull and fail with it, without a second report', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    h.policy.notFound = async () => PULL;
    const first = player(h);
    await vi.advanceTimersByTimeAsync(0);
    const joiners = [player(h), player(h)];
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.paths.waitingFor(KEY)).toBe(3);
    h.pulls[0]!.feed.ended('RTMP connection failed: ECONNREFUSED');
    await vi.advanceTimersByTimeAsync(0);
    for (const p of [first, ...joiners]) {
      expect(p.result).toBeInstanceOf(StreamNotFoundError);
      expect((p.result as Error).message).toContain('pull failed: RTMP connection failed');
    }
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(h.registry.waiterCount(KEY)).toBe(0);
  });

  it('fail at once when the pull fails after the players it was started for left', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    h.policy.notFound = async () => PULL;
    const first = player(h);
    await vi.advanceTimersByTimeAsync(0);
    first.leave();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.paths.waitingFor(KEY)).toBe(0);
    const late = player(h);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.policy.notFoundReports).toHaveLength(1);
    h.pulls[0]!.feed.ended('remote closed');
    await vi.advanceTimersByTimeAsync(0);
    expect(late.result).toBeInstanceOf(StreamNotFoundError);
    expect((late.result as Error).message).toContain('pull failed: remote closed');
  });

  it('fail at once when the control API closes the connecting pull', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    h.policy.notFound = async () => PULL;
    const first = player(h);
    await vi.advanceTimersByTimeAsync(0);
    const joiner = player(h);
    await vi.advanceTimersByTimeAsync(0);
    h.registry.remove(h.pulls[0]!.feed.stream, 'closed by the control API', false);
    await vi.advanceTimersByTimeAsync(0);
    for (const p of [first, joiner]) {
      expect((p.result as Error).message).toContain('pull failed: closed by the control API');
    }
  });
});

describe('a player that already left', () => {
  it('holds nothing in the registry: no waiter, no timer', async () => {
    const h = pathsHarness();
    const abort = new AbortController();
    abort.abort();
    expect(await h.registry.waitFor(KEY, 60_000, abort.signal)).toBeUndefined();
    expect(h.registry.waiterCount(KEY)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('left during authorize: refused at once, no miss, no report, no timer', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const abort = new AbortController();
    const play = h.paths.startPlay(accessRequest('cam'), abort.signal);
    abort.abort();
    await expect(play).rejects.toThrow(StreamNotFoundError);
    expect(h.paths.waitingFor(KEY)).toBe(0);
    expect(h.registry.waiterCount(KEY)).toBe(0);
    expect(h.policy.notFoundReports).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is refused the same way while the key’s source is connecting', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    h.registry.create(KEY);
    const abort = new AbortController();
    const play = h.paths.startPlay(accessRequest('cam'), abort.signal);
    abort.abort();
    await expect(play).rejects.toThrow(StreamNotFoundError);
    expect(h.registry.waiterCount(KEY)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a pull decision with nobody left to watch', () => {
  it('is ignored when it arrives after every player left', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const answer = deferred<StreamNotFoundDecision>();
    h.policy.notFound = () => answer.promise;
    const p = player(h);
    await vi.advanceTimersByTimeAsync(100);
    p.leave();
    await vi.advanceTimersByTimeAsync(0);
    answer.resolve(PULL);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.pulls).toHaveLength(0);
    expect(h.registry.get(KEY)).toBeUndefined();
  });

  it('is ignored when the players were not to be held (maxStreamWaitMs 0)', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 0, noneReaderDelayMs: 0 });
    h.policy.notFound = async () => PULL;
    await expect(h.paths.startPlay(accessRequest('cam'))).rejects.toThrow(StreamNotFoundError);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(1);
    expect(h.pulls).toHaveLength(0);
  });

  it('still pulls for a later miss of the same key that has players', async () => {
    const h = pathsHarness();
    h.policy.lifecycleFor = () => lifecycle({ maxStreamWaitMs: 60_000 });
    const answers = [deferred<StreamNotFoundDecision>(), deferred<StreamNotFoundDecision>()];
    h.policy.notFound = () => answers[h.policy.notFoundReports.length - 1]!.promise;
    const gone = player(h);
    await vi.advanceTimersByTimeAsync(0);
    gone.leave();
    await vi.advanceTimersByTimeAsync(0);
    player(h);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.policy.notFoundReports).toHaveLength(2);
    answers[0]!.resolve(PULL);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.pulls).toHaveLength(0);
    answers[1]!.resolve(PULL);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.pulls).toHaveLength(1);
  });
});
