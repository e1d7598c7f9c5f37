import { CreatedWebhook, NodeEventResult, WebhookDeliveryList, WebhookList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, TRACKS, uniqueNodeId, unregistered } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('/v1/webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const create = async (body: unknown) => {
    const res = await t.app.request('/v1/webhooks', jsonInit('POST', body, t.auth));
    expect(res.status).toBe(201);
    return CreatedWebhook.parse(await res.json());
  };
  const list = async () => {
    const res = await t.app.request('/v1/webhooks', { headers: t.auth });
    expect(res.status).toBe(200);
    return WebhookList.parse(await res.json()).data;
  };
  const deliveries = async (id: string, query = '') => {
    const res = await t.app.request(`/v1/webhooks/${id}/deliveries${query}`, { headers: t.auth });
    expect(res.status).toBe(200);
    return WebhookDeliveryList.parse(await res.json()).data;
  };
  const nodeEvent = async (event: unknown) => {
    const res = await t.app.request('/node/v1/events', postJson(event));
    expect(res.status).toBe(200);
    return NodeEventResult.parse(await res.json()).applied;
  };

  it('creates a webhook with a generated 32-byte hex secret, and lists it without the secret', async () => {
    const created = await create({
      url: 'https://hooks.example.com/a',
      events: ['stream.published', 'node.online'],
    });
    expect(created).toEqual({
      id: expect.any(String),
      url: 'https://hooks.example.com/a',
      events: ['stream.published', 'node.online'],
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const listed = (await list()).find((w) => w.id === created.id);
    const { secret: _secret, ...withoutSecret } = created;
    expect(listed).toEqual(withoutSecret);
    const raw = await (await t.app.request('/v1/webhooks', { headers: t.auth })).text();
    expect(raw).not.toContain(created.secret);
  });

  it('keeps a given secret and drops repeated event types', async () => {
    const created = await create({
      url: 'https://hooks.example.com/b',
      events: ['session.ended', 'session.ended'],
      secret: 'my-own-secret-of-16+chars',
    });
    expect(created.secret).toBe('my-own-secret-of-16+chars');
    expect(created.events).toEqual(['session.ended']);
  });

  it('deletes a webhook, which then 404s', async () => {
    const created = await create({ url: 'https://hooks.example.com/c', events: ['node.offline'] });
    const del = await t.app.request(`/v1/webhooks/${created.id}`, { method: 'DELETE', headers: t.auth });
    expect(del.status).toBe(204);
    expect((await list()).some((w) => w.id === created.id)).toBe(false);
    const again = await t.app.request(`/v1/webhooks/${created.id}`, { method: 'DELETE', headers: t.auth });
    expect(again.status).toBe(404);
  });

  it('queues stream.published and stream.unpublished once each, only for subscribers, latest first', async () => {
    const hook = await create({
      url: 'https://hooks.example.com/d',
      events: ['stream.published', 'stream.unpublished'],
    });
    const other = await create({ url: 'https://hooks.example.com/e', events: ['session.started'] });
    const node = uniqueNodeId();
    expect(await nodeEvent(registered(node, 'cam', T0))).toBe(true);
    // A replay applies but is not news.
    expect(await nodeEvent(registered(node, 'cam', T0))).toBe(true);
    expect(await nodeEvent(unregistered(node, 'cam', T0 + 10))).toBe(true);
    expect(await nodeEvent(unregistered(node, 'cam', T0 + 10))).toBe(false);
    const got = await deliveries(hook.id);
    expect(got.map((d) => d.type)).toEqual(['stream.unpublished', 'stream.published']);
    for (const d of got) {
      expect(d).toMatchObject({ status: 'pending', deliveredAt: null, attempts: [] });
      expect(d.nextAttemptAt).not.toBeNull();
    }
    expect(new Set(got.map((d) => d.eventId)).size).toBe(2);
    expect(await deliveries(other.id)).toEqual([]);
  });

  it('a newer publish of the same stream on the same node is news again', async () => {
    const hook = await create({ url: 'https://hooks.example.com/f', events: ['stream.published'] });
    const node = uniqueNodeId();
    await nodeEvent(registered(node, 'cam', T0));
    await nodeEvent(registered(node, 'cam', T0 + 100, [TRACKS[0]!]));
    expect((await deliveries(hook.id)).map((d) => d.type)).toEqual(['stream.published', 'stream.published']);
  });

  it('limits deliveries with ?limit', async () => {
    const hook = await create({ url: 'https://hooks.example.com/g', events: ['stream.published'] });
    for (let i = 0; i < 3; i++) await nodeEvent(registered(uniqueNodeId(), 'cam', T0));
    expect(await deliveries(hook.id, '?limit=2')).toHaveLength(2);
  });
});
