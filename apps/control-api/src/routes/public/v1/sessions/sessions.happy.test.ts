import { SessionList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registration, uniqueNodeId } from '../../../../../test/factories.ts';
import { type FakeNode, startFakeNode } from '../../../../../test/fake-node.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { sessionBatch, sessionEnded, sessionStarted } from '../../../../../test/node-reports.ts';

const SECRET = 'node-secret-for-session-tests';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const nodeAuth = { authorization: `Bearer ${SECRET}` };

describe('/v1/sessions', () => {
  let t: TestApp;
  let fake: FakeNode;
  let nodeId: string;
  const stream = `cam-${Date.now()}`;
  beforeAll(async () => {
    t = await createTestApp({ nodeSecret: SECRET });
    fake = await startFakeNode();
    nodeId = uniqueNodeId();
    await node('/node/v1/register', registration(nodeId, { urls: { http: fake.url } }));
    const pub = sessionStarted('pub-1', stream, T0, { role: 'publisher', protocol: 'rtmp' });
    const p1 = sessionStarted('play-1', stream, T0 + 1);
    const p2 = sessionStarted('play-2', stream, T0 + 2, { protocol: 'ws-flv' });
    const other = sessionStarted('other-1', 'elsewhere', T0 + 3);
    const gone = sessionStarted('gone-1', stream, T0 + 4);
    await node('/node/v1/sessions', sessionBatch(nodeId, pub, p1, p2, other, gone, sessionEnded(gone, 10)));
  });
  afterAll(async () => {
    await fake.close();
    await t.cleanup();
  });

  async function node(path: string, body: unknown): Promise<void> {
    const res = await t.app.request(path, postJson(body, nodeAuth));
    expect(res.status, await res.clone().text()).toBe(200);
  }
  async function list(query = ''): Promise<SessionList['data']> {
    const res = await t.app.request(`/v1/sessions${query}`, { headers: t.auth });
    expect(res.status).toBe(200);
    return SessionList.parse(await res.json()).data.filter((s) => s.nodeId === nodeId);
  }

  it('lists open sessions oldest first, without ended ones', async () => {
    const all = await list();
    expect(all.map((s) => s.id)).toEqual(['pub-1', 'play-1', 'play-2', 'other-1']);
    expect(all[0]).toEqual({
      id: 'pub-1',
      nodeId,
      vhost: '__defaultVhost__',
      app: 'live',
      stream,
      protocol: 'rtmp',
      role: 'publisher',
      ip: '192.0.2.7',
      startedAt: new Date(T0).toISOString(),
    });
  });

  it('filters by app and stream', async () => {
    expect((await list(`?app=live&stream=${stream}`)).map((s) => s.id)).toEqual([
      'pub-1',
      'play-1',
      'play-2',
    ]);
    expect((await list('?stream=elsewhere')).map((s) => s.id)).toEqual(['other-1']);
    expect(await list('?app=nope')).toEqual([]);
  });

  it('kicks a session through its node with the node secret; the row ends when the node reports it', async () => {
    fake.answer = () => ({ status: 200, body: { ok: true } });
    const res = await t.app.request('/v1/sessions/play-1', { method: 'DELETE', headers: t.auth });
    expect(res.status).toBe(204);
    expect(fake.received.at(-1)).toMatchObject({
      path: '/_node/v1/sessions/close',
      authorization: `Bearer ${SECRET}`,
      body: { sessionId: 'play-1' },
    });
    expect((await list()).map((s) => s.id)).toContain('play-1');
    await node(
      '/node/v1/sessions',
      sessionBatch(nodeId, sessionEnded(sessionStarted('play-1', stream, T0 + 1), 50)),
    );
    expect((await list()).map((s) => s.id)).not.toContain('play-1');
  });

  it('answers 204 when the node no longer holds the session (its end is on the way)', async () => {
    fake.answer = () => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no', requestId: 'r' } },
    });
    const res = await t.app.request('/v1/sessions/play-2', { method: 'DELETE', headers: t.auth });
    expect(res.status).toBe(204);
  });
});
