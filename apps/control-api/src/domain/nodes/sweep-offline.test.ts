import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registered, uniqueNodeId } from '../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import {
  beatStream,
  heartbeat,
  outboxOf,
  sessionBatch,
  sessionStarted,
  subscribeToEverything,
} from '../../../test/node-reports.ts';
import { nodes, sessions, streams } from '../../db/schema/index.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { applySessionEvents } from '../sessions/apply-session-event.ts';
import { applyNodeEvent } from '../streams/apply-event.ts';
import { startOfflineSweeper } from './offline-sweeper.ts';
import { recordHeartbeat } from './record-heartbeat.ts';
import { sweepOfflineNodes } from './sweep-offline.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const AFTER = 15_000;

describe('offline sweep', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await subscribeToEverything(database.db);
  });
  afterAll(() => database.cleanup());

  const ctxAt = (ms: number): ServiceContext => ({
    db: database.db,
    log: silentLogger,
    requestId: 'test',
    now: () => new Date(ms),
  });
  const sweep = (ms: number) =>
    sweepOfflineNodes({ db: database.db, log: silentLogger, now: new Date(ms), offlineAfterMs: AFTER });
  const nodeRow = async (id: string) => (await database.db.select().from(nodes).where(eq(nodes.id, id)))[0]!;

  /** A node last heard from at `ms` holding live/cam with one open player. */
  async function liveNode(ms: number): Promise<string> {
    const id = uniqueNodeId();
    await applyNodeEvent({ ctx: ctxAt(ms), input: registered(id, 'cam', ms) });
    await applySessionEvents({
      ctx: ctxAt(ms),
      input: sessionBatch(id, sessionStarted(`p-${id}`, 'cam', ms)),
    });
    await recordHeartbeat({ ctx: ctxAt(ms), input: heartbeat(id, ms, [beatStream('cam')]) });
    return id;
  }

  it('marks silent nodes offline, removes their streams and ends their sessions, with webhooks', async () => {
    const silent = await liveNode(T0);
    const alive = await liveNode(T0 + 10_000);
    const now = T0 + AFTER + 1;
    expect(await sweep(now)).toContain(silent);

    expect(await nodeRow(silent)).toMatchObject({ online: false });
    expect(await database.db.select().from(streams).where(eq(streams.nodeId, silent))).toEqual([]);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.nodeId, silent));
    expect(session).toMatchObject({ endedAt: new Date(now), endReason: 'node offline' });
    const types = (await outboxOf(database.db, silent)).map((e) => e.type);
    expect(types).toEqual([
      'node.online',
      'stream.published',
      'session.started',
      'stream.unpublished',
      'session.ended',
      'node.offline',
    ]);

    expect(await nodeRow(alive)).toMatchObject({ online: true });
    expect(await database.db.select().from(streams).where(eq(streams.nodeId, alive))).toHaveLength(1);
    // Swept once: a second sweep finds nothing new about it.
    expect(await sweep(now + 1)).not.toContain(silent);
  });

  it('a node heard from again comes back online and restores its streams', async () => {
    const id = await liveNode(T0);
    await sweep(T0 + AFTER + 1);
    await recordHeartbeat({
      ctx: ctxAt(T0 + AFTER + 2000),
      input: heartbeat(id, T0 + AFTER + 2000, [beatStream('cam')]),
    });
    expect(await nodeRow(id)).toMatchObject({ online: true });
    expect(
      (await database.db.select().from(streams).where(eq(streams.nodeId, id))).map((r) => r.stream),
    ).toEqual(['cam']);
    expect((await outboxOf(database.db, id)).map((e) => e.type).slice(-3)).toEqual([
      'node.offline',
      'node.online',
      'stream.published',
    ]);
  });

  it('the sweeper waits out its own start before judging anyone, then sweeps on its timer', async () => {
    const id = await liveNode(T0);
    let clock = T0 + 60_000;
    const sweeper = startOfflineSweeper({
      db: database.db,
      log: silentLogger,
      offlineAfterMs: 300,
      now: () => new Date(clock),
    });
    try {
      // Just started: every node looks silent after an API outage, so none is swept yet.
      expect(await sweeper.sweepNow()).toEqual([]);
      expect((await nodeRow(id)).online).toBe(true);
      clock += 301;
      const deadline = Date.now() + 5000;
      while ((await nodeRow(id)).online && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await nodeRow(id)).online).toBe(false);
    } finally {
      await sweeper.stop();
    }
  });
});
