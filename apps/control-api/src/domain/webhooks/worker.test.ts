import { WebhookEvent } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, memoryLogger, type TestDatabase, waitFor } from '../../../test/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver.ts';
import { webhookDeliveries } from '../../db/schema/webhooks.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { createWebhook } from './create-webhook.ts';
import { deleteWebhook } from './delete-webhook.ts';
import { enqueueWebhookEvent } from './enqueue.ts';
import { listDeliveries } from './list-deliveries.ts';
import { listenForWebhookEvents } from './listen.node.ts';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker.ts';

// Test-speed retries: 20 ms doubling to 200 ms. The poll interval is long, so prompt deliveries prove
// that enqueueing (LISTEN/NOTIFY) and finished attempts wake the worker.
const FAST = { retry: { baseDelayMs: 20, maxDelayMs: 200 }, pollIntervalMs: 60_000, timeoutMs: 2000 };

describe('webhook delivery worker', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let receiver: WebhookReceiver;
  const running: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = {
      db: database.db,
      log: silentLogger,
      requestId: 't',
      now: () => new Date(),
      allowPrivateWebhookUrls: true,
    };
  });
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.close();
    // Each test's webhooks go away, so later tests' workers never see them.
    for (const w of await database.db.query.webhooks.findMany()) await deleteWebhook({ ctx, id: w.id });
  });
  afterAll(() => database.cleanup());

  async function start(opts: Partial<WebhookWorkerOptions> = {}): Promise<WebhookWorker> {
    const worker = startWebhookWorker({ db: database.db, log: silentLogger, ...FAST, ...opts });
    const unlisten = await listenForWebhookEvents(database.db, () => worker.wake(), silentLogger);
    running.push(worker, { close: unlisten });
    return worker;
  }
  async function receiverFor(
    events: Parameters<typeof createWebhook>[0]['input']['events'] = ['node.online'],
  ) {
    receiver = await startWebhookReceiver();
    running.push(receiver);
    const hook = await createWebhook({ ctx, input: { url: receiver.url, events } });
    receiver.secret = hook.secret;
    return hook;
  }
  const online = (nodeId: string, at = new Date()) =>
    enqueueWebhookEvent(database.db, { type: 'node.online', data: { nodeId }, at });
  const deliveriesOf = (webhookId: string) => listDeliveries({ ctx, webhookId, limit: 200 });

  it('POSTs { id, type, createdAt, data } signed with the secret, and records the attempt', async () => {
    const hook = await receiverFor();
    await start();
    const at = new Date();
    await online('w-1', at);
    const [got] = await waitFor(() => receiver.received.length > 0 && receiver.received, {
      what: 'a delivery',
    });
    expect(got!.validSignature).toBe(true);
    expect(got!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const body = WebhookEvent.parse(JSON.parse(got!.body));
    expect(body).toEqual({
      id: expect.any(String),
      type: 'node.online',
      createdAt: at.toISOString(),
      data: { nodeId: 'w-1' },
    });
    const [delivery] = await waitFor(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' && list;
    });
    expect(delivery).toMatchObject({ eventId: body.id, type: 'node.online', nextAttemptAt: null });
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(delivery!.attempts).toEqual([
      { at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it('finds deliveries by polling when nothing wakes it', async () => {
    await receiverFor();
    const worker = startWebhookWorker({ db: database.db, log: silentLogger, ...FAST, pollIntervalMs: 50 });
    running.push(worker);
    await online('w-poll');
    await waitFor(() => receiver.received.length === 1, { what: 'a polled delivery' });
  });

  it('retries failures with backoff until a 2xx, the event id the same on every attempt', async () => {
    const hook = await receiverFor();
    receiver.respond = (_e, nth) => (nth < 2 ? 503 : 204);
    await start();
    await online('w-retry');
    const [delivery] = await waitFor(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' && list;
    });
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([503, 503, 204]);
    expect(new Set(receiver.received.map((r) => r.event.id))).toEqual(new Set([delivery!.eventId]));
    expect(receiver.received.every((r) => r.validSignature)).toBe(true);
  });

  it('gives up (failed) once the retry window since the event has passed', async () => {
    const hook = await receiverFor();
    // Each answer takes 2 s by the worker's clock, so the 5 s window closes after the third attempt.
    let clock = Date.now();
    receiver.respond = () => {
      clock += 2000;
      return 500;
    };
    await start({ now: () => new Date(clock), retry: { baseDelayMs: 1, maxDelayMs: 1, retryForMs: 5000 } });
    await online('w-giveup', new Date(clock));
    const [delivery] = await waitFor(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'failed' && list;
    });
    expect(delivery!.nextAttemptAt).toBeNull();
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500]);
    const before = receiver.received.length;
    await online('w-after');
    await waitFor(() =>
      receiver.received.some((r) => (r.event.data as { nodeId: string }).nodeId === 'w-after'),
    );
    expect(receiver.received.length).toBeGreaterThan(before);
  });

  it('records refusals, timeouts and redirects as failed attempts with the reason', async () => {
    const hook = await receiverFor();
    // A hung request is not recorded by the receiver, so count calls here.
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? 'hang' : calls === 2 ? 302 : 200);
    await start({ timeoutMs: 300 });
    await online('w-reasons');
    const [delivery] = await waitFor(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' && list;
    });
    expect(delivery!.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [null, 'timed out after 300 ms'],
      [302, 'redirects are not followed'],
      [200, null],
    ]);
  });

  it('records a refused target without contacting it', async () => {
    const hook = await receiverFor();
    await start({
      checkTarget: async () => {
        throw new Error('refused: host is a loopback address');
      },
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await online('w-refused');
    const [delivery] = await waitFor(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.attempts.length === 1 && list;
    });
    expect(delivery!.status).toBe('pending');
    expect(delivery!.attempts[0]).toMatchObject({
      statusCode: null,
      error: 'refused: host is a loopback address',
    });
    expect(receiver.received).toEqual([]);
  });

  it('delivers events to one webhook in event order', async () => {
    await receiverFor();
    await start({ concurrency: 8 });
    const ids = Array.from({ length: 8 }, (_, i) => `w-order-${i}`);
    await database.db.transaction(async (tx) => {
      for (const nodeId of ids)
        await enqueueWebhookEvent(tx, { type: 'node.online', data: { nodeId }, at: new Date() });
    });
    await waitFor(() => receiver.received.length === ids.length, { what: 'all eight' });
    expect(receiver.received.map((r) => (r.event.data as { nodeId: string }).nodeId)).toEqual(ids);
  });

  it('several workers on one database deliver each event exactly once', async () => {
    const hooks = [await receiverFor(['node.offline'])];
    const first = receiver;
    const second = await startWebhookReceiver();
    running.push(second);
    const other = await createWebhook({ ctx, input: { url: second.url, events: ['node.offline'] } });
    second.secret = other.secret;
    hooks.push(other);
    await Promise.all([start({ concurrency: 2 }), start({ concurrency: 2 }), start({ concurrency: 2 })]);
    const n = 15;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        enqueueWebhookEvent(database.db, {
          type: 'node.offline',
          data: { nodeId: `w-multi-${i}` },
          at: new Date(),
        }),
      ),
    );
    await waitFor(() => first.received.length >= n && second.received.length >= n, {
      what: 'every event twice',
    });
    for (const r of [first, second]) {
      expect(r.received).toHaveLength(n);
      expect(new Set(r.received.map((x) => x.event.id)).size).toBe(n);
      expect(r.received.every((x) => x.validSignature)).toBe(true);
    }
  });

  it('close() aborts an attempt in flight, records it, and leaves it due for the next worker', async () => {
    const hook = await receiverFor();
    let arrived = 0;
    receiver.respond = () => {
      arrived++;
      return 'hang';
    };
    const worker = await start({ timeoutMs: 60_000 });
    await online('w-close');
    await waitFor(() => arrived === 1, { what: 'the request to be in flight' });
    const [row] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, hook.id));
    await worker.close();
    const [after] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, row!.id));
    expect(after).toMatchObject({
      status: 'pending',
      attempts: 1,
      lockedUntil: null,
      lastError: 'worker stopped',
    });
    expect(after!.nextAttemptAt.getTime()).toBe(row!.nextAttemptAt.getTime());
    receiver.respond = () => 200;
    await start();
    await waitFor(() => receiver.received.length === 1, { what: 'the delivery by the next worker' });
  });

  it('drops deliveries whose webhook is deleted mid-attempt without failing', async () => {
    const hook = await receiverFor();
    let release: (() => void) | undefined;
    const answered = new Promise<void>((r) => {
      release = r;
    });
    let attempting = false;
    const log = memoryLogger();
    const worker = await start({
      log,
      fetch: async (input, init) => {
        attempting = true;
        await answered;
        return fetch(input, init);
      },
    });
    await online('w-deleted');
    await waitFor(() => attempting, { what: 'the attempt to start' });
    await deleteWebhook({ ctx, id: hook.id });
    release!();
    await waitFor(() => receiver.received.length === 1);
    await worker.close();
    expect(log.lines.filter((l) => l.level !== 'info')).toEqual([]);
    expect(
      await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)),
    ).toEqual([]);
  });
});
