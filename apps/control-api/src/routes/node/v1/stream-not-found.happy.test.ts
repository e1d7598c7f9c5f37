import {
  CreatedWebhook,
  PullInfo,
  StreamNotFoundData,
  StreamNotFoundDecision,
  WebhookDeliveryList,
} from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionServer, startDecisionServer } from '../../../../test/decision-server.ts';
import { postJson, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { eventsOf, notFoundReport, outboxOf, subscribeToEverything } from '../../../../test/node-reports.ts';
import { jsonInit } from '../../../../test/public-api.ts';

describe('POST /node/v1/streams/not-found', () => {
  let t: TestApp;
  let decider: DecisionServer;
  beforeAll(async () => {
    // Loopback is the only network here: the decision server needs private webhook URLs allowed.
    t = await createTestApp({ deps: { allowPrivateWebhookUrls: true } });
    decider = await startDecisionServer();
    await subscribeToEverything(t.db);
  });
  afterAll(async () => {
    await decider.close();
    await t.cleanup();
  });

  const report = async (nodeId: string, app: string, stream: string, params: Record<string, string> = {}) => {
    const res = await t.app.request(
      '/node/v1/streams/not-found',
      postJson(notFoundReport(nodeId, app, stream, { params })),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return StreamNotFoundDecision.parse(await res.json());
  };
  const addPull = async (app: string, stream: string, url: string) => {
    const res = await t.app.request('/v1/pulls', jsonInit('POST', { app, stream, url }, t.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return PullInfo.parse(await res.json());
  };
  const setPolicy = async (app: string, patch: Record<string, unknown>) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, jsonInit('PUT', patch, t.auth));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const askedFor = (stream: string) =>
    decider.received.filter((q) => (q.body as { data?: { stream?: string } }).data?.stream === stream);

  it('without a pull source or a decision URL, players wait; one stream.not_found webhook says so', async () => {
    const node = uniqueNodeId();
    expect(await report(node, 'plain', 'cam')).toEqual({ action: 'wait' });
    const events = await outboxOf(t.db, node);
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('stream.not_found');
    expect(StreamNotFoundData.parse(events[0]!.data)).toEqual({
      vhost: '__defaultVhost__',
      app: 'plain',
      stream: 'cam',
      nodeId: node,
      protocol: 'http-flv',
      decision: 'wait',
    });
  });

  it('a pull source for exactly this stream beats the app’s `*`, even an older one', async () => {
    await addPull('pulled', '*', 'rtmp://origin.example.com/any/{stream}');
    const exact = await addPull('pulled', 'cam', 'rtmp://exact.example.com/live/cam');
    const node = uniqueNodeId();
    expect(await report(node, 'pulled', 'cam')).toEqual({
      action: 'pull',
      url: 'rtmp://exact.example.com/live/cam',
      pullId: exact.id,
    });
    expect((await outboxOf(t.db, node)).map((e) => [e.type, e.data.decision])).toEqual([
      ['stream.not_found', 'pull'],
    ]);
  });

  it('fills `{app}` and `{stream}` of a `*` source, URL-encoded, in path and query', async () => {
    const any = await addPull('tpl', '*', 'http://origin.example.com/{app}/{stream}.flv?src={stream}');
    expect(await report(uniqueNodeId(), 'tpl', 'a b&c')).toEqual({
      action: 'pull',
      url: 'http://origin.example.com/tpl/a%20b%26c.flv?src=a%20b%26c',
      pullId: any.id,
    });
  });

  it('a pull source answers without asking the decision URL', async () => {
    await setPolicy('both', { decisionUrl: decider.url });
    await addPull('both', 'cam', 'rtmp://origin.example.com/live/cam');
    expect((await report(uniqueNodeId(), 'both', 'cam')).action).toBe('pull');
    expect(askedFor('cam').filter((q) => (q.body as { data: { app: string } }).data.app === 'both')).toEqual(
      [],
    );
  });

  it('asks the decision URL with the report but never the player’s token', async () => {
    await setPolicy('asked', { decisionUrl: decider.url });
    decider.respond = () => ({ status: 200, body: { action: 'wait' } });
    const node = uniqueNodeId();
    expect(await report(node, 'asked', 'device-7', { token: 'secret-token-value', device: 'd7' })).toEqual({
      action: 'wait',
    });
    const [question] = askedFor('device-7');
    expect(question!.headers['content-type']).toBe('application/json');
    expect(question!.body).toEqual({
      type: 'stream.not_found',
      data: {
        vhost: '__defaultVhost__',
        app: 'asked',
        stream: 'device-7',
        nodeId: node,
        protocol: 'http-flv',
        params: { device: 'd7' },
      },
    });
  });

  it.each([
    [{ action: 'wait' }, { action: 'wait' }],
    [{ action: 'fail' }, { action: 'fail', reason: 'refused by the app' }],
    [
      { action: 'pull', url: 'rtmp://camera-gw.example.com/live/x' },
      { action: 'pull', url: 'rtmp://camera-gw.example.com/live/x' },
    ],
    [
      { action: 'pull', url: 'https://cdn.example.com/x.flv' },
      { action: 'pull', url: 'https://cdn.example.com/x.flv' },
    ],
  ])('the decision URL answering %j decides %j, and the webhook carries it', async (reply, decision) => {
    const app = `answer-${reply.action}-${Math.random().toString(36).slice(2, 8)}`;
    await setPolicy(app, { decisionUrl: decider.url });
    decider.respond = () => ({ status: 200, body: reply });
    const node = uniqueNodeId();
    expect(await report(node, app, 'cam')).toEqual(decision);
    const events = await outboxOf(t.db, node);
    expect(events.map((e) => [e.type, e.data.decision])).toEqual([['stream.not_found', decision.action]]);
  });

  it.each([
    [
      'a pull URL on a private host',
      { status: 200, body: { action: 'pull', url: 'rtmp://10.0.0.5/live/x' } },
    ],
    [
      'a pull URL with a scheme nodes cannot pull',
      { status: 200, body: { action: 'pull', url: 'ftp://example.com/x' } },
    ],
    ['pull without a URL', { status: 200, body: { action: 'pull' } }],
    ['an unknown action', { status: 200, body: { action: 'explode' } }],
    ['a reply that is not JSON', { status: 200, body: '<html>' }],
    ['an error status', { status: 500, body: { action: 'fail' } }],
    ['a redirect', { status: 302, body: { action: 'fail' } }],
  ])('falls back to wait on %s', async (_what, reply) => {
    const app = `bad-${Math.random().toString(36).slice(2, 8)}`;
    await setPolicy(app, { decisionUrl: decider.url });
    decider.respond = () => reply;
    const node = uniqueNodeId();
    expect(await report(node, app, 'cam')).toEqual({ action: 'wait' });
    expect((await outboxOf(t.db, node)).map((e) => e.data.decision)).toEqual(['wait']);
  });

  it('a decision URL that does not answer means wait, after about decisionTimeoutMs', async () => {
    await setPolicy('slow', { decisionUrl: decider.url, decisionTimeoutMs: 300 });
    decider.respond = () => 'hang';
    const node = uniqueNodeId();
    const started = performance.now();
    expect(await report(node, 'slow', 'cam')).toEqual({ action: 'wait' });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1300);
    expect((await outboxOf(t.db, node)).map((e) => e.data.decision)).toEqual(['wait']);
  });

  it('a decision URL nothing listens on means wait', async () => {
    const gone = await startDecisionServer();
    await gone.close();
    await setPolicy('down', { decisionUrl: gone.url });
    expect(await report(uniqueNodeId(), 'down', 'cam')).toEqual({ action: 'wait' });
  });

  it('a webhook subscribed through /v1/webhooks to the new types gets one delivery per report', async () => {
    const sub = await t.app.request(
      '/v1/webhooks',
      jsonInit(
        'POST',
        { url: 'https://hooks.example.com/nf', events: ['stream.not_found', 'stream.no_viewers'] },
        t.auth,
      ),
    );
    expect(sub.status).toBe(201);
    const { id } = CreatedWebhook.parse(await sub.json());
    await report(uniqueNodeId(), 'plain', 'sub-1');
    await report(uniqueNodeId(), 'plain', 'sub-2');
    const res = await t.app.request(`/v1/webhooks/${id}/deliveries`, { headers: t.auth });
    const rows = WebhookDeliveryList.parse(await res.json()).data;
    expect(rows.map((d) => d.type)).toEqual(['stream.not_found', 'stream.not_found']);
    expect((await t.app.request(`/v1/webhooks/${id}`, { method: 'DELETE', headers: t.auth })).status).toBe(
      204,
    );
  });

  it('enqueues exactly one webhook per report, even for the same stream', async () => {
    const node = uniqueNodeId();
    await report(node, 'plain', 'again');
    await report(node, 'plain', 'again');
    expect((await eventsOf(t.db, node)).map((e) => e.type)).toEqual(['stream.not_found', 'stream.not_found']);
  });
});
