import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, waitFor } from '../../../test/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { createWebhook } from './create-webhook.ts';
import { deleteWebhook } from './delete-webhook.ts';
import { enqueueWebhookEvent } from './enqueue.ts';
import { listDeliveries } from './list-deliveries.ts';
import { startWebhookDelivery } from './start-delivery.node.ts';

// Retries far off: each test looks at the first attempt only.
const SLOW_RETRY = { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 }, pollIntervalMs: 60_000 };

describe('webhook delivery on Node connects only to checked addresses', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let receiver: WebhookReceiver;
  const running: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // Stored as an operator allowing private URLs would; delivery is then judged by its own flag.
    ctx = {
      db: database.db,
      log: silentLogger,
      requestId: 't',
      now: () => new Date(),
      allowPrivateWebhookUrls: true,
    };
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.close();
    for (const w of await database.db.query.webhooks.findMany()) await deleteWebhook({ ctx, id: w.id });
  });
  afterAll(async () => {
    await receiver.close();
    await database.cleanup();
  });

  // A name, not a literal: only the DNS answer says it is loopback.
  const hookAtLocalhost = async () => {
    const hook = await createWebhook({
      ctx,
      input: { url: receiver.url.replace('127.0.0.1', 'localhost'), events: ['node.online'] },
    });
    receiver.secret = hook.secret;
    return hook;
  };
  const firstAttempt = async (webhookId: string) => {
    const [delivery] = await waitFor(async () => {
      const list = await listDeliveries({ ctx, webhookId, limit: 10 });
      return list[0]?.attempts.length === 1 && list;
    });
    return delivery!.attempts[0]!;
  };

  it('refuses a name resolving to loopback when private targets are not allowed', async () => {
    const hook = await hookAtLocalhost();
    running.push(
      await startWebhookDelivery(database.db, silentLogger, { ...SLOW_RETRY, allowPrivateUrls: false }),
    );
    const before = receiver.received.length;
    await enqueueWebhookEvent(database.db, {
      type: 'node.online',
      data: { nodeId: 'refused' },
      at: new Date(),
    });
    expect(await firstAttempt(hook.id)).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address$/,
      ),
    });
    expect(receiver.received.length).toBe(before);
  });

  it('delivers to it, signed, when private targets are allowed', async () => {
    const hook = await hookAtLocalhost();
    running.push(
      await startWebhookDelivery(database.db, silentLogger, { ...SLOW_RETRY, allowPrivateUrls: true }),
    );
    await enqueueWebhookEvent(database.db, {
      type: 'node.online',
      data: { nodeId: 'allowed' },
      at: new Date(),
    });
    expect(await firstAttempt(hook.id)).toMatchObject({ statusCode: 200, error: null });
    const got = receiver.received.at(-1);
    expect(got?.event.data).toEqual({ nodeId: 'allowed' });
    expect(got?.validSignature).toBe(true);
  });
});
