import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, memoryLogger, type TestDatabase } from '../../../test/harness.ts';
import {
  DAY_MS,
  eventsLeft,
  seedEvent,
  seedSession,
  seedWebhook,
  sessionsLeft,
} from '../../../test/retention-rows.ts';
import { silentLogger } from '../../log.ts';
import { deleteInBatches } from './delete-in-batches.ts';
import { sweepRetention } from './sweep-retention.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS);

describe('retention sweep', () => {
  let database: TestDatabase;
  let hooks: string[];
  beforeEach(async () => {
    database = await createTestDatabase();
    hooks = [await seedWebhook(database.db), await seedWebhook(database.db)];
  });
  afterEach(() => database.cleanup());

  const sweep = (over: { webhookDays?: number; sessionDays?: number; batchSize?: number } = {}) =>
    sweepRetention({
      db: database.db,
      log: silentLogger,
      now: new Date(NOW),
      webhookDays: 7,
      sessionDays: 30,
      ...over,
    });

  it('deletes old finished events with their deliveries and attempts, keeping pending and recent ones', async () => {
    const db = database.db;
    const delivered = await seedEvent(db, daysAgo(8), ['delivered', 'delivered'], hooks);
    const failed = await seedEvent(db, daysAgo(30), ['failed', 'delivered'], hooks);
    const orphan = await seedEvent(db, daysAgo(9), [], hooks); // Its webhook was deleted.
    const pending = await seedEvent(db, daysAgo(400), ['delivered', 'pending'], hooks);
    const recent = await seedEvent(db, daysAgo(6.9), ['delivered'], hooks);

    expect(await sweep()).toEqual({ webhookEvents: 3, sessions: 0 });

    expect(await eventsLeft(db, [delivered, failed, orphan])).toEqual({
      events: [],
      deliveries: 0,
      attempts: 0,
    });
    expect(await eventsLeft(db, [pending])).toEqual({ events: [pending], deliveries: 2, attempts: 2 });
    expect(await eventsLeft(db, [recent])).toEqual({ events: [recent], deliveries: 1, attempts: 1 });
    // Nothing left to do: a second sweep deletes nothing.
    expect(await sweep()).toEqual({ webhookEvents: 0, sessions: 0 });
  });

  it('deletes sessions that ended long ago, never live or recently ended ones', async () => {
    const db = database.db;
    const old = await seedSession(db, daysAgo(45), daysAgo(31));
    const older = await seedSession(db, daysAgo(400), daysAgo(399));
    const live = await seedSession(db, daysAgo(400), null);
    const recent = await seedSession(db, daysAgo(40), daysAgo(29));

    expect(await sweep()).toEqual({ webhookEvents: 0, sessions: 2 });
    expect(await sessionsLeft(db, [old, older, live, recent])).toEqual([live, recent].sort());
  });

  it('loops past the batch size until the backlog is gone', async () => {
    const db = database.db;
    const events: string[] = [];
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) {
      events.push(await seedEvent(db, daysAgo(10 + i), ['delivered'], hooks));
      sessions.push(await seedSession(db, daysAgo(60 + i), daysAgo(50 + i)));
    }
    const keep = await seedEvent(db, daysAgo(20), ['pending'], hooks);

    expect(await sweep({ batchSize: 2 })).toEqual({ webhookEvents: 5, sessions: 5 });
    expect(await eventsLeft(db, events)).toEqual({ events: [], deliveries: 0, attempts: 0 });
    expect(await sessionsLeft(db, sessions)).toEqual([]);
    expect((await eventsLeft(db, [keep])).events).toEqual([keep]);
  });

  it('deletes nothing of a kind whose retention is 0', async () => {
    const db = database.db;
    const event = await seedEvent(db, daysAgo(5000), ['delivered'], hooks);
    const session = await seedSession(db, daysAgo(5001), daysAgo(5000));

    expect(await sweep({ webhookDays: 0, sessionDays: 0 })).toEqual({ webhookEvents: 0, sessions: 0 });
    expect((await eventsLeft(db, [event])).events).toEqual([event]);
    expect(await sessionsLeft(db, [session])).toEqual([session]);

    // Each kind is switched off on its own.
    expect(await sweep({ webhookDays: 0 })).toEqual({ webhookEvents: 0, sessions: 1 });
    expect(await sweep({ sessionDays: 0 })).toEqual({ webhookEvents: 1, sessions: 0 });
  });

  it('logs the counts at info when it deleted something, and stays quiet otherwise', async () => {
    const log = memoryLogger();
    const run = () =>
      sweepRetention({ db: database.db, log, now: new Date(NOW), webhookDays: 7, sessionDays: 30 });
    await run();
    expect(log.lines).toEqual([]);

    await seedEvent(database.db, daysAgo(8), ['failed'], hooks);
    await run();
    expect(log.lines).toEqual([
      {
        level: 'info',
        msg: 'retention: deleted old records',
        fields: { webhookEvents: 1, sessions: 0, webhookDays: 7, sessionDays: 30 },
      },
    ]);
  });
});

describe('deleteInBatches', () => {
  it('stops at the first short batch and sums what was deleted', async () => {
    const sizes = [3, 3, 1, 3];
    const limits: number[] = [];
    const total = await deleteInBatches(async (limit) => {
      limits.push(limit);
      return sizes.shift() ?? 0;
    }, 3);
    expect(total).toBe(7);
    expect(limits).toEqual([3, 3, 3]);
  });

  it('stops between batches once aborted', async () => {
    const abort = new AbortController();
    let calls = 0;
    const total = await deleteInBatches(
      async (limit) => {
        calls++;
        abort.abort();
        return limit;
      },
      10,
      abort.signal,
    );
    expect({ total, calls }).toEqual({ total: 10, calls: 1 });
  });
});
