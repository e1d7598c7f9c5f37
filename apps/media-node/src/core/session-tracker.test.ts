import { describe, expect, it } from 'vitest';
import {
  type EndedSession,
  type SessionInfo,
  SessionTracker,
  type TrackedSession,
} from './session-tracker.ts';

function recorder() {
  const started: TrackedSession[] = [];
  const ended: EndedSession[] = [];
  return {
    started,
    ended,
    listener: {
      sessionStarted: (s: TrackedSession) => started.push(s),
      sessionEnded: (e: EndedSession) => ended.push(e),
    },
  };
}

function info(id: string, over: Partial<SessionInfo> = {}) {
  const counters = { in: 0, out: 0 };
  const closes: string[] = [];
  const session: SessionInfo = {
    id,
    role: 'player',
    protocol: 'http-flv',
    key: { vhost: 'v', app: 'live', stream: 'cam' },
    ip: '192.0.2.1',
    bytesIn: () => counters.in,
    bytesOut: () => counters.out,
    close: (reason) => closes.push(reason),
    ...over,
  };
  return { session, counters, closes };
}

describe('SessionTracker', () => {
  it('reports a session starting and ending with the bytes it moved and how long it lasted', () => {
    let now = 1000;
    const r = recorder();
    const tracker = new SessionTracker(r.listener, () => now);
    const { session, counters } = info('a');
    const open = tracker.open(session);
    expect(r.started).toHaveLength(1);
    expect(r.started[0]).toMatchObject({ id: 'a', role: 'player', startedAt: 1000 });
    expect(tracker.get('a')?.id).toBe('a');
    expect(tracker.size).toBe(1);

    counters.in = 10;
    counters.out = 5000;
    now = 4000;
    open.end('peer closed');
    expect(r.ended).toHaveLength(1);
    expect(r.ended[0]).toMatchObject({ endedAt: 4000, bytesIn: 10, bytesOut: 5000, reason: 'peer closed' });
    expect(r.ended[0]!.session.startedAt).toBe(1000);
    expect(tracker.size).toBe(0);
    expect(tracker.get('a')).toBeUndefined();
  });

  it('ends a session once, however often its server says so', () => {
    const r = recorder();
    const tracker = new SessionTracker(r.listener);
    const open = tracker.open(info('a').session);
    open.end('first');
    open.end('second');
    expect(r.ended.map((e) => e.reason)).toEqual(['first']);
  });

  it('close() disconnects the client and ends the session with that reason', () => {
    const r = recorder();
    const tracker = new SessionTracker(r.listener);
    const a = info('a');
    const open = tracker.open(a.session);
    expect(tracker.close('a', 'kicked')).toBe(true);
    expect(a.closes).toEqual(['kicked']);
    open.end('peer closed'); // The server's own close path runs later: no second report.
    expect(r.ended.map((e) => e.reason)).toEqual(['kicked']);
    expect(tracker.close('a', 'again')).toBe(false);
    expect(tracker.close('nobody', 'x')).toBe(false);
  });

  it('a new session under a live id ends the old one first; the old handle then does nothing', () => {
    const r = recorder();
    const tracker = new SessionTracker(r.listener);
    const first = tracker.open(info('conn', { role: 'publisher' }).session);
    tracker.open(info('conn', { role: 'player' }).session);
    expect(r.ended.map((e) => [e.session.role, e.reason])).toEqual([
      ['publisher', 'replaced by a new session'],
    ]);
    first.end('late');
    expect(tracker.get('conn')?.role).toBe('player');
    expect(r.ended).toHaveLength(1);
  });

  it('keeps only the stream key, never extra fields such as query params', () => {
    const tracker = new SessionTracker();
    const key = { vhost: 'v', app: 'live', stream: 'cam', params: { token: 'secret' } };
    tracker.open(info('a', { key }).session);
    expect(tracker.get('a')?.key).toEqual({ vhost: 'v', app: 'live', stream: 'cam' });
    expect(tracker.list().map((s) => s.id)).toEqual(['a']);
  });
});
