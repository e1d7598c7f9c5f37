import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, waitFor } from '../../../test/harness.ts';
import { webhookDeliveries, webhookEvents } from '../../db/schema/webhooks.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { createWebhook } from './create-webhook.ts';
import { enqueueWebhookEvent } from './enqueue.ts';
import { listenForWebhookEvents } from './listen.node.ts';

describe('enqueueWebhookEvent', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = { db: database.db, log: silentLogger, requestId: 't', now: () => new Date() };
  });
  afterAll(() => database.cleanup());

  const subscribe = (events: Parameters<typeof createWebhook>[0]['input']['events']) =>
    createWebhook({ ctx, input: { url: 'https://hooks.example.com/x', events } });
  const deliveriesOf = (eventId: string) =>
    database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
  const eventsOf = (nodeId: string) =>
    database.db
      .select()
      .from(webhookEvents)
      .then((rows) => rows.filter((r) => (r.data as { nodeId?: string }).nodeId === nodeId));

  it('stores the event once with one pending delivery per subscribed webhook, due at once', async () => {
    const a = await subscribe(['node.offline']);
    const b = await subscribe(['node.offline', 'node.online']);
    await subscribe(['stream.published']);
    const at = new Date('2026-02-03T04:05:06.789Z');
    await enqueueWebhookEvent(database.db, { type: 'node.offline', data: { nodeId: 'enq-1' }, at });
    const [event] = await eventsOf('enq-1');
    expect(event).toMatchObject({ type: 'node.offline', createdAt: at, data: { nodeId: 'enq-1' } });
    const deliveries = await deliveriesOf(event!.id);
    expect(deliveries.map((d) => d.webhookId).sort()).toEqual([a.id, b.id].sort());
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: null });
    }
  });

  it('stores nothing for an event type nobody subscribes to', async () => {
    await enqueueWebhookEvent(database.db, {
      type: 'session.started',
      data: {
        sessionId: 's',
        nodeId: 'enq-2',
        vhost: 'v',
        app: 'a',
        stream: 's',
        protocol: 'rtmp',
        role: 'player',
        ip: '1.2.3.4',
        startedAt: new Date().toISOString(),
      },
      at: new Date(),
    });
    expect(await eventsOf('enq-2')).toEqual([]);
  });

  it("commits and rolls back with the caller's transaction", async () => {
    await subscribe(['node.online']);
    await database.db.transaction(async (tx) => {
      await enqueueWebhookEvent(tx, { type: 'node.online', data: { nodeId: 'enq-commit' }, at: new Date() });
    });
    expect(await eventsOf('enq-commit')).toHaveLength(1);
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueWebhookEvent(tx, {
          type: 'node.online',
          data: { nodeId: 'enq-rollback' },
          at: new Date(),
        });
        throw new Error('the fact failed');
      }),
    ).rejects.toThrow('the fact failed');
    expect(await eventsOf('enq-rollback')).toEqual([]);
  });

  it('notifies listeners when the outbox commits, not before and not on rollback', async () => {
    await subscribe(['node.online']);
    let notified = 0;
    const unlisten = await listenForWebhookEvents(database.db, () => notified++, silentLogger);
    try {
      // On pg the listener fires once when it connects, to cover what was enqueued before; that is done now.
      const base = notified;
      await expect(
        database.db.transaction(async (tx) => {
          await enqueueWebhookEvent(tx, { type: 'node.online', data: { nodeId: 'n-rb' }, at: new Date() });
          throw new Error('rollback');
        }),
      ).rejects.toThrow();
      let inside = -1;
      await database.db.transaction(async (tx) => {
        await enqueueWebhookEvent(tx, { type: 'node.online', data: { nodeId: 'n-ok' }, at: new Date() });
        inside = notified;
      });
      expect(inside).toBe(base);
      await waitFor(() => notified > base, { what: 'a notification after commit' });
      expect(notified).toBe(base + 1);
    } finally {
      await unlisten();
    }
  });
});
