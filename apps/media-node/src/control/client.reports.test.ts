import { sessions } from '@mediaplane/control-api';
import { startTestControlApi, type TestControlApi, waitFor } from '@mediaplane/control-api/test/harness.ts';
import { SessionEvents } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndedSession, TrackedSession } from '../core/session-tracker.ts';
import { type ControlClient, createControlClient } from './client.ts';
import { startCannedServer } from './testing/canned-server.ts';

const quietLog = { info: () => {}, warn: () => {}, error: () => {} };
const key = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };

function session(id: string, startedAt = Date.parse('2026-01-01T00:00:00.000Z')): TrackedSession {
  return {
    id,
    role: 'player',
    protocol: 'ws-flv',
    key,
    ip: '127.0.0.1',
    startedAt,
    bytesIn: () => 0,
    bytesOut: () => 0,
    close: () => {},
  };
}

function ended(s: TrackedSession, ms: number): EndedSession {
  return { session: s, endedAt: s.startedAt + ms, bytesIn: 40, bytesOut: 90_000, reason: 'peer closed' };
}

describe('control client reports to a real control API', () => {
  let api: TestControlApi;
  const clients: ControlClient[] = [];
  const client = (nodeId: string) => {
    const c = createControlClient({
      baseUrl: api.url,
      nodeId,
      log: quietLog,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    api = await startTestControlApi();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await api?.close();
  });

  it('delivers a heartbeat: the node’s load and its streams’ audience are stored', async () => {
    const nodeId = 'node-beat';
    const c = client(nodeId);
    c.streamRegistered(key, []);
    c.heartbeat({
      load: { cpuPercent: 3.5, rssBytes: 1234, sessions: 2 },
      streams: [{ ...key, readers: { total: 2, byProtocol: { 'ws-flv': 2 } }, bitrateKbps: 800, tracks: [] }],
    });
    const row = await waitFor(
      async () => (await api.listStreams()).find((r) => r.nodeId === nodeId && r.bitrateKbps === 800),
      { what: 'the heartbeat to land' },
    );
    expect(row.readers).toEqual({ total: 2, byProtocol: { 'ws-flv': 2 } });
    const node = (await api.listNodes()).find((n) => n.id === nodeId);
    expect(node?.load).toEqual({ cpuPercent: 3.5, rssBytes: 1234, sessions: 2 });
  });

  it('delivers session starts and ends: the flow report reaches the sessions table', async () => {
    const c = client('node-flow');
    const s = session(`flow-${Date.now()}`);
    c.sessionStarted(s);
    c.sessionEnded(ended(s, 30_000));
    await c.close(); // Flushes what is queued.
    const [row] = await api.db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row).toMatchObject({
      nodeId: 'node-flow',
      role: 'player',
      protocol: 'ws-flv',
      bytesIn: 40,
      bytesOut: 90_000,
      endReason: 'peer closed',
    });
    expect(row!.endedAt!.getTime() - row!.startedAt.getTime()).toBe(30_000);
  });
});

describe('control client session batching', () => {
  it('sends a burst of session facts as one request, in order', async () => {
    const server = await startCannedServer(() => ({ status: 200, body: { ok: true, applied: [] } }));
    const c = createControlClient({ baseUrl: server.url, nodeId: 'n', log: quietLog });
    try {
      const burst = Array.from({ length: 50 }, (_, i) => session(`s${i}`));
      for (const s of burst) c.sessionStarted(s);
      c.sessionEnded(ended(burst[0]!, 10));
      await waitFor(() => server.requests.length >= 1, { what: 'the batch' });
      await c.close();
      expect(server.requests).toHaveLength(1);
      const batch = SessionEvents.parse(server.requests[0]!.body);
      expect(server.requests[0]!.path).toBe('/node/v1/sessions');
      expect(batch.events.map((e) => `${e.type}:${e.sessionId}`)).toEqual([
        ...burst.map((s) => `session.started:${s.id}`),
        'session.ended:s0',
      ]);
      const stamps = batch.events.map((e) => Date.parse(e.at));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      expect(new Set(stamps).size).toBe(stamps.length);
    } finally {
      await server.close();
    }
  });

  it('a newer heartbeat replaces one still waiting for a down API', async () => {
    let up = false;
    const server = await startCannedServer(() =>
      up ? { status: 200, body: { ok: true } } : { status: 503, body: {} },
    );
    const c = createControlClient({
      baseUrl: server.url,
      nodeId: 'n',
      log: quietLog,
      retry: { baseDelayMs: 20, maxDelayMs: 40 },
    });
    try {
      const beat = (sessions: number) =>
        c.heartbeat({ load: { cpuPercent: 0, rssBytes: 0, sessions }, streams: [] });
      beat(1);
      await waitFor(() => server.requests.length >= 1, { what: 'the first attempt' });
      beat(2);
      beat(3);
      up = true;
      await waitFor(
        () => server.requests.some((r) => (r.body as { load: { sessions: number } }).load.sessions === 3),
        {
          what: 'the newest heartbeat',
        },
      );
      const delivered = server.requests.map((r) => (r.body as { load: { sessions: number } }).load.sessions);
      expect(delivered).not.toContain(2);
      expect(delivered.at(-1)).toBe(3);
    } finally {
      await c.close();
      await server.close();
    }
  });
});
