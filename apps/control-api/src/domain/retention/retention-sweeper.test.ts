import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, memoryLogger, type TestDatabase, waitFor } from '../../../test/harness.ts';
import { DAY_MS, seedSession, sessionsLeft } from '../../../test/retention-rows.ts';
import { silentLogger } from '../../log.ts';
import { startRetentionSweeper } from './retention-sweeper.ts';

const endedLongAgo = () => new Date(Date.now() - 40 * DAY_MS);

describe('retention sweeper', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.cleanup());

  it('sweeps shortly after start and then on every interval', async () => {
    const db = database.db;
    const first = await seedSession(db, endedLongAgo(), endedLongAgo());
    const sweeper = startRetentionSweeper({
      db,
      log: silentLogger,
      webhookDays: 7,
      sessionDays: 30,
      firstRunAfterMs: 10,
      intervalMs: 50,
    });
    try {
      await waitFor(async () => (await sessionsLeft(db, [first])).length === 0, { what: 'first sweep' });
      const later = await seedSession(db, endedLongAgo(), endedLongAgo());
      await waitFor(async () => (await sessionsLeft(db, [later])).length === 0, { what: 'interval sweep' });
    } finally {
      await sweeper.stop();
    }
  });

  it('waits for a running sweep on stop, and sweeps no more afterwards', async () => {
    const db = database.db;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await seedSession(db, endedLongAgo(), endedLongAgo()));
    const sweeper = startRetentionSweeper({
      db,
      log: silentLogger,
      webhookDays: 7,
      sessionDays: 30,
      firstRunAfterMs: 60_000,
      batchSize: 1,
    });
    let settled = false;
    const running = sweeper.sweepNow().then((r) => {
      settled = true;
      return r;
    });
    await sweeper.stop();
    expect(settled).toBe(true);
    // Stopping ends the sweep between batches: what it deleted is gone, the rest waits for the next start.
    const { sessions } = await running;
    expect(sessions).toBeLessThan(ids.length);
    expect((await sessionsLeft(db, ids)).length).toBe(ids.length - sessions);
    expect(await sweeper.sweepNow()).toEqual({ webhookEvents: 0, sessions: 0 });
    expect((await sessionsLeft(db, ids)).length).toBe(ids.length - sessions);
  });

  it('logs a failed sweep and never throws', async () => {
    const broken = await createTestDatabase();
    await broken.cleanup();
    const log = memoryLogger();
    const sweeper = startRetentionSweeper({
      db: broken.db,
      log,
      webhookDays: 7,
      sessionDays: 30,
      firstRunAfterMs: 60_000,
    });
    await expect(sweeper.sweepNow()).resolves.toEqual({ webhookEvents: 0, sessions: 0 });
    await sweeper.stop();
    expect(log.lines.map((l) => [l.level, l.msg])).toEqual([['error', 'retention sweep failed']]);
  });

  it('does nothing when both retentions are 0', async () => {
    const db = database.db;
    const old = await seedSession(db, endedLongAgo(), endedLongAgo());
    const sweeper = startRetentionSweeper({
      db,
      log: silentLogger,
      webhookDays: 0,
      sessionDays: 0,
      firstRunAfterMs: 0,
    });
    expect(await sweeper.sweepNow()).toEqual({ webhookEvents: 0, sessions: 0 });
    await sweeper.stop();
    expect(await sessionsLeft(db, [old])).toEqual([old]);
  });
});
