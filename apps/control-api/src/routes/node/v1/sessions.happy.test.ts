import { SessionEventsResult } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registration, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import {
  outboxOf,
  sessionBatch,
  sessionEnded,
  sessionStarted,
  subscribeToEverything,
} from '../../../../test/node-reports.ts';
import { sessions } from '../../../db/schema/index.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const sid = () => `s-${Date.now()}-${++n}`;

describe('POST /node/v1/sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await subscribeToEverything(t.db);
  });
  afterAll(() => t.cleanup());

  async function send(body: unknown): Promise<boolean[]> {
    const res = await t.app.request('/node/v1/sessions', postJson(body));
    expect(res.status, await res.clone().text()).toBe(200);
    return SessionEventsResult.parse(await res.json()).applied;
  }
  const row = async (id: string) => (await t.db.select().from(sessions).where(eq(sessions.id, id)))[0];

  it('records a session starting then ending, with both webhooks and the flow report', async () => {
    const node = uniqueNodeId();
    const id = sid();
    const started = sessionStarted(id, 'cam', T0);
    expect(await send(sessionBatch(node, started))).toEqual([true]);
    expect(await row(id)).toMatchObject({
      nodeId: node,
      app: 'live',
      stream: 'cam',
      protocol: 'http-flv',
      role: 'player',
      ip: '192.0.2.7',
      startedAt: new Date(T0),
      endedAt: null,
    });
    expect(await send(sessionBatch(node, sessionEnded(started, 60_000)))).toEqual([true]);
    expect(await row(id)).toMatchObject({
      endedAt: new Date(T0 + 60_000),
      bytesIn: 1000,
      bytesOut: 2_000_000,
      endReason: 'peer closed',
    });
    const outbox = await outboxOf(t.db, node);
    expect(outbox.map((e) => e.type)).toEqual(['node.online', 'session.started', 'session.ended']);
    expect(outbox[2]!.data).toMatchObject({
      sessionId: id,
      nodeId: node,
      role: 'player',
      bytesIn: 1000,
      bytesOut: 2_000_000,
      durationMs: 60_000,
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 60_000).toISOString(),
      reason: 'peer closed',
    });
  });

  it('is idempotent: replays apply nothing and send no second webhook', async () => {
    const node = uniqueNodeId();
    const started = sessionStarted(sid(), 'cam', T0);
    const ended = sessionEnded(started, 1000);
    expect(await send(sessionBatch(node, started, ended))).toEqual([true, true]);
    expect(await send(sessionBatch(node, started, ended))).toEqual([false, false]);
    const types = (await outboxOf(t.db, node)).map((e) => e.type);
    expect(types).toEqual(['node.online', 'session.started', 'session.ended']);
  });

  it('an end without a start (dropped while the API was down) records both', async () => {
    const node = uniqueNodeId();
    const started = sessionStarted(sid(), 'cam', T0, { role: 'publisher', protocol: 'rtmp' });
    expect(await send(sessionBatch(node, sessionEnded(started, 5000)))).toEqual([true]);
    expect(await row(started.sessionId)).toMatchObject({ role: 'publisher', endedAt: new Date(T0 + 5000) });
    const types = (await outboxOf(t.db, node)).map((e) => e.type);
    expect(types).toEqual(['node.online', 'session.started', 'session.ended']);
  });

  it('a node restart ends the sessions it had open, with session.ended', async () => {
    const node = uniqueNodeId();
    const open = sessionStarted(sid(), 'cam', T0);
    const later = sessionStarted(sid(), 'cam', T0 + 10_000);
    await send(sessionBatch(node, open, later));
    const res = await t.app.request(
      '/node/v1/register',
      postJson(registration(node, { at: new Date(T0 + 5000).toISOString() })),
    );
    expect(res.status).toBe(200);
    expect(await row(open.sessionId)).toMatchObject({
      endedAt: new Date(T0 + 5000),
      endReason: 'node restarted',
    });
    expect((await row(later.sessionId))!.endedAt).toBeNull();
    const ended = (await outboxOf(t.db, node)).filter((e) => e.type === 'session.ended');
    expect(ended.map((e) => e.data.sessionId)).toEqual([open.sessionId]);
  });

  it('a late real end of a session the API ended updates its numbers without a second webhook', async () => {
    const node = uniqueNodeId();
    const started = sessionStarted(sid(), 'cam', T0);
    await send(sessionBatch(node, started));
    await t.db
      .update(sessions)
      .set({ endedAt: new Date(T0 + 1), endReason: 'node offline' })
      .where(eq(sessions.id, started.sessionId));
    expect(await send(sessionBatch(node, sessionEnded(started, 9000)))).toEqual([true]);
    expect(await row(started.sessionId)).toMatchObject({ endedAt: new Date(T0 + 9000), bytesOut: 2_000_000 });
    expect((await outboxOf(t.db, node)).filter((e) => e.type === 'session.ended')).toEqual([]);
  });
});
