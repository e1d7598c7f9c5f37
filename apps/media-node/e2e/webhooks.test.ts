import { startWebhookReceiver, type WebhookReceiver } from '@mediaplane/control-api/test/harness.ts';
import {
  CreatedWebhook,
  type StreamEventData,
  type WebhookDelivery,
  WebhookDeliveryList,
  WebhookEvent,
} from '@mediaplane/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from './support/ffmpeg.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

const ok = hasTool('ffmpeg');

// Test-speed retries: 50 ms doubling to 500 ms, for the default 24 h.
const WEBHOOKS = { retry: { baseDelayMs: 50, maxDelayMs: 500 } };

describe.skipIf(!ok)('webhooks: signed, durable delivery of stream events', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let hook: CreatedWebhook;

  beforeAll(async () => {
    stack = await startStack({}, { webhooks: WEBHOOKS });
    receiver = await startWebhookReceiver();
    const res = await fetch(`${stack.api.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['stream.published', 'stream.unpublished'] }),
    });
    expect(res.status).toBe(201);
    hook = CreatedWebhook.parse(await res.json());
    receiver.secret = hook.secret;
  });
  afterEach(() => stopAll());
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  const rtmpUrl = (name: string) => `rtmp://127.0.0.1:${stack.node.rtmpPort}/live/${name}`;
  const eventsFor = (name: string) =>
    receiver.received
      .map((r) => WebhookEvent.parse(JSON.parse(r.body)))
      .filter((e) => (e.data as StreamEventData).stream === name);
  const deliveries = async (): Promise<WebhookDelivery[]> => {
    const res = await fetch(`${stack.api.url}/v1/webhooks/${hook.id}/deliveries?limit=200`, {
      headers: { authorization: `Bearer ${stack.api.apiKey}` },
    });
    return WebhookDeliveryList.parse(await res.json()).data;
  };

  /** Publishes `name` until the API has registered it, then stops ffmpeg so the stream ends. */
  async function publishAndStop(name: string): Promise<void> {
    const publisher = publish(rtmpUrl(name), { loop: true });
    await waitFor(`${name} registered at the API`, async () =>
      (await stack.api.listStreams()).some((s) => s.stream === name),
    );
    await publisher.stop();
    await waitFor(`${name} unregistered at the API`, async () =>
      (await stack.api.listStreams()).every((s) => s.stream !== name),
    );
  }

  it('delivers stream.published then stream.unpublished, signed, with the stream and its tracks', async () => {
    await publishAndStop('wh-live');
    const events = await waitFor(
      'both events',
      () => eventsFor('wh-live').length === 2 && eventsFor('wh-live'),
    );
    expect(events.map((e) => e.type)).toEqual(['stream.published', 'stream.unpublished']);
    const received = receiver.received.filter((r) => events.some((e) => e.id === r.event.id));
    expect(received.every((r) => r.validSignature)).toBe(true);
    for (const e of events) {
      expect(e.data).toMatchObject({
        vhost: '__defaultVhost__',
        app: 'live',
        stream: 'wh-live',
        nodeId: stack.nodeId,
      });
      expect((e.data as StreamEventData).tracks).toEqual([
        expect.objectContaining({ kind: 'video', codec: 'h264', width: 640, height: 360 }),
        expect.objectContaining({ kind: 'audio', codec: 'aac', sampleRate: 44100 }),
      ]);
    }
  });

  it('keeps events while the receiver is down and delivers each exactly once when it is back', async () => {
    const before = new Set((await deliveries()).map((d) => d.eventId));
    await receiver.stop();
    await publishAndStop('wh-down-1');
    await publishAndStop('wh-down-2');
    // Down "for a while": every new event has been tried and refused at least twice.
    const missed = await waitFor('failed attempts while down', async () => {
      const fresh = (await deliveries()).filter((d) => !before.has(d.eventId));
      return (
        fresh.length === 4 && fresh.every((d) => d.status === 'pending' && d.attempts.length >= 2) && fresh
      );
    });
    expect(missed.flatMap((d) => d.attempts).every((a) => a.statusCode === null && a.error !== null)).toBe(
      true,
    );

    await receiver.start();
    const all = await waitFor(
      'every delivery to succeed',
      async () => {
        const list = await deliveries();
        return list.every((d) => d.status === 'delivered') && list;
      },
      20_000,
    );
    expect(all).toHaveLength(6);
    // Each event reached the receiver exactly once, with a valid signature, despite the retries.
    const ids = receiver.received.map((r) => r.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(all.map((d) => d.eventId)));
    expect(receiver.received.every((r) => r.validSignature)).toBe(true);
    for (const name of ['wh-down-1', 'wh-down-2']) {
      expect(
        eventsFor(name)
          .map((e) => e.type)
          .sort(),
      ).toEqual(['stream.published', 'stream.unpublished']);
    }
    for (const d of all) {
      expect(d.attempts.filter((a) => a.statusCode !== null && a.statusCode < 300)).toHaveLength(1);
    }
  });
});
