import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoViewerWatch } from './no-viewer-watch.ts';
import type { NoViewersDecision, NoViewersReport } from './policy.ts';
import { Stream } from './stream.ts';
import {
  accessRequest,
  deferred,
  fakeSource,
  lifecycle,
  MemorySink,
  silentLog,
  textFormat,
} from './testing/core-fakes.ts';
import { feedFirstFrame, livePublisher, pathsHarness } from './testing/paths-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A stream with a watch of `delayMs`, whose reports get `answer`. */
function watched(delayMs: number, answer: (r: NoViewersReport) => Promise<NoViewersDecision>) {
  const stream = new Stream(
    { vhost: 'v', app: 'live', stream: 's' },
    { gop: { maxBytes: 1 << 20, maxItems: 100 }, readerQueueBytes: 1 << 20, maxFlushDelayMs: 10 },
  );
  const reports: NoViewersReport[] = [];
  const closed: string[] = [];
  const watch = new NoViewerWatch(stream, delayMs, {
    noViewers: (r) => {
      reports.push(r);
      return answer(r);
    },
    close: (_s, reason) => closed.push(reason),
    log: silentLog,
  });
  stream.onReadersChanged = () => watch.readersChanged();
  const join = () => stream.addReader(`r${Math.random()}`, 'rtmp', textFormat, new MemorySink());
  return { stream, watch, reports, closed, join };
}

describe('NoViewerWatch', () => {
  it('reports a stream that never had a viewer after the delay, and closes it on close', async () => {
    const w = watched(20_000, async () => ({ action: 'close' }));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(w.reports).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.reports).toEqual([
      { vhost: 'v', app: 'live', stream: 's', idleMs: 20_000, source: 'publisher' },
    ]);
    expect(w.closed).toEqual(['no viewers for 20000 ms']);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(w.reports).toHaveLength(1);
  });

  it('reports again every delay while kept and still unwatched', async () => {
    const w = watched(1000, async () => ({ action: 'keep' }));
    await vi.advanceTimersByTimeAsync(3000);
    expect(w.reports.map((r) => r.idleMs)).toEqual([1000, 2000, 3000]);
    expect(w.closed).toEqual([]);
  });

  it('a joining reader cancels; the last one leaving re-arms from then', async () => {
    const w = watched(1000, async () => ({ action: 'close' }));
    await vi.advanceTimersByTimeAsync(900);
    const reader = w.join();
    await vi.advanceTimersByTimeAsync(5000);
    expect(w.reports).toHaveLength(0);
    w.stream.removeReader(reader);
    await vi.advanceTimersByTimeAsync(999);
    expect(w.reports).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.reports.map((r) => r.idleMs)).toEqual([1000]);
  });

  it('never has two reports in flight, and ignores an answer that a reader made stale', async () => {
    const answers: ReturnType<typeof deferred<NoViewersDecision>>[] = [];
    const w = watched(1000, () => {
      const d = deferred<NoViewersDecision>();
      answers.push(d);
      return d.promise;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.reports).toHaveLength(1);
    // A reader comes and goes while the API thinks, twice as long as the delay.
    const reader = w.join();
    w.stream.removeReader(reader);
    await vi.advanceTimersByTimeAsync(2500);
    expect(w.reports).toHaveLength(1);
    answers[0]!.resolve({ action: 'close' });
    await vi.advanceTimersByTimeAsync(0);
    expect(w.closed).toEqual([]);
    // The deferred report goes out as soon as the first is answered, about the new idle spell.
    expect(w.reports.map((r) => r.idleMs)).toEqual([1000, 2500]);
    answers[1]!.resolve({ action: 'close' });
    await vi.advanceTimersByTimeAsync(0);
    expect(w.closed).toHaveLength(1);
  });

  it('treats a failed report as keep', async () => {
    const w = watched(1000, async () => {
      throw new Error('boom');
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(w.reports).toHaveLength(2);
    expect(w.closed).toEqual([]);
  });

  it('goes on counting from an earlier idle start it is given', async () => {
    const stream = new Stream(
      { vhost: 'v', app: 'live', stream: 's' },
      { gop: { maxBytes: 1 << 20, maxItems: 100 }, readerQueueBytes: 1 << 20, maxFlushDelayMs: 10 },
    );
    const reports: NoViewersReport[] = [];
    const deps = {
      noViewers: async (r: NoViewersReport) => {
        reports.push(r);
        return { action: 'keep' } as const;
      },
      close: () => {},
      log: silentLog,
    };
    const watch = new NoViewerWatch(stream, 5000, deps, Date.now() - 3000);
    expect(watch.idleSince).toBe(Date.now() - 3000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(reports).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(reports.map((r) => r.idleMs)).toEqual([5000]);
    watch.stop();
    expect(watch.idleSince).toBeUndefined();
  });

  it('stops reporting once stopped', async () => {
    const w = watched(1000, async () => ({ action: 'keep' }));
    await vi.advanceTimersByTimeAsync(1000);
    w.watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.reports).toHaveLength(1);
  });
});

describe('no-viewer handling in the PathManager', () => {
  it('closes an unwatched stream as decided: publisher stopped, unregister sent, timers gone', async () => {
    const h = pathsHarness({ noneReaderDelayMs: 5000 });
    h.policy.unwatched = async () => ({ action: 'close' });
    const stream = await livePublisher(h.paths, 'cam');
    const source = stream.source as unknown as { closedWith: string | undefined };
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.policy.noViewersReports).toEqual([
      { vhost: '__defaultVhost__', app: 'live', stream: 'cam', idleMs: 5000, source: 'publisher' },
    ]);
    expect(source.closedWith).toBe('no viewers for 5000 ms');
    expect(h.unregistered).toEqual(['__defaultVhost__/live/cam']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the publisher’s decision for the delay, reports a pull as such, and 0 disables it', async () => {
    const h = pathsHarness({ noneReaderDelayMs: 5000 });
    h.policy.lifecycleFor = (req) => ({
      maxStreamWaitMs: 1000,
      noneReaderDelayMs: Number(req.params.delay ?? 0),
      continuePushMs: 0,
      continueOnCleanStop: false,
    });
    h.policy.notFound = async () => ({ action: 'pull', url: 'rtmp://origin.example/live/pulled' });
    await livePublisher(h.paths, 'off');
    void h.paths
      .startPlay({
        vhost: '__defaultVhost__',
        app: 'live',
        stream: 'pulled',
        params: { delay: '3000' },
        protocol: 'ws-flv',
        sessionId: 'p',
        ip: '',
      })
      .catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const { feed } = h.pulls[0]!;
    feedFirstFrame(h.paths, feed.stream);
    feed.ready();
    await vi.advanceTimersByTimeAsync(3000);
    expect(h.policy.noViewersReports).toEqual([
      { vhost: '__defaultVhost__', app: 'live', stream: 'pulled', idleMs: 3000, source: 'pull' },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.policy.noViewersReports.every((r) => r.stream === 'pulled')).toBe(true);
  });
});

describe('no-viewer watch across a takeover', () => {
  /** A stream of `live/cam` whose publishers' delay comes from their `delay` param; it drops at once. */
  async function dropped(firstDelay: string) {
    const h = pathsHarness();
    h.policy.lifecycleFor = (req) =>
      lifecycle({ continuePushMs: 60_000, noneReaderDelayMs: Number(req.params.delay) });
    const first = fakeSource('first');
    const stream = await h.paths.startPublish(accessRequest('cam', { delay: firstDelay }), first);
    feedFirstFrame(h.paths, stream);
    return { h, stream, first };
  }

  it('restarts the watch with the new publisher’s delay, counting the unwatched time so far', async () => {
    const { h, stream, first } = await dropped('20000');
    await vi.advanceTimersByTimeAsync(3000);
    h.paths.endPublish(stream, 'drop', { clean: false, source: first });
    await vi.advanceTimersByTimeAsync(1000);
    await h.paths.startPublish(accessRequest('cam', { delay: '5000' }), fakeSource('second'));
    // Unwatched for 4 s already: the 5 s delay is due 1 s later, not 5 s, and not at 20 s.
    await vi.advanceTimersByTimeAsync(999);
    expect(h.policy.noViewersReports).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.policy.noViewersReports.map((r) => r.idleMs)).toEqual([5000]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.policy.noViewersReports.map((r) => r.idleMs)).toEqual([5000, 10_000]);
  });

  it('starts a watch when the first publisher had none, and stops it when the new one has none', async () => {
    const off = await dropped('0');
    off.h.paths.endPublish(off.stream, 'drop', { clean: false, source: off.first });
    await off.h.paths.startPublish(accessRequest('cam', { delay: '5000' }), fakeSource('second'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(off.h.policy.noViewersReports.map((r) => r.idleMs)).toEqual([5000]);

    const on = await dropped('5000');
    on.h.paths.endPublish(on.stream, 'drop', { clean: false, source: on.first });
    await on.h.paths.startPublish(accessRequest('cam', { delay: '0' }), fakeSource('second'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(on.h.policy.noViewersReports).toHaveLength(0);
  });

  it('keeps the watch as it is when the delay is the same', async () => {
    const { h, stream, first } = await dropped('5000');
    await vi.advanceTimersByTimeAsync(3000);
    h.paths.endPublish(stream, 'drop', { clean: false, source: first });
    await h.paths.startPublish(accessRequest('cam', { delay: '5000' }), fakeSource('second'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.policy.noViewersReports.map((r) => r.idleMs)).toEqual([5000]);
  });
});
