import { NoViewersDecision, StreamNoViewersData } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionServer, startDecisionServer } from '../../../../test/decision-server.ts';
import { postJson, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { noViewersReport, outboxOf, subscribeToEverything } from '../../../../test/node-reports.ts';
import { jsonInit } from '../../../../test/public-api.ts';

describe('POST /node/v1/streams/no-viewers', () => {
  let t: TestApp;
  let decider: DecisionServer;
  beforeAll(async () => {
    t = await createTestApp({ deps: { allowPrivateWebhookUrls: true } });
    decider = await startDecisionServer();
    await subscribeToEverything(t.db);
  });
  afterAll(async () => {
    await decider.close();
    await t.cleanup();
  });

  const report = async (nodeId: string, app: string, over: Parameters<typeof noViewersReport>[3] = {}) => {
    const res = await t.app.request(
      '/node/v1/streams/no-viewers',
      postJson(noViewersReport(nodeId, app, 'cam', over)),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return NoViewersDecision.parse(await res.json()).action;
  };
  const setPolicy = async (app: string, patch: Record<string, unknown>) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, jsonInit('PUT', patch, t.auth));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  let apps = 0;
  const askingApp = async (patch: Record<string, unknown> = {}) => {
    const app = `ask-${++apps}`;
    await setPolicy(app, { noneReaderAction: 'ask', decisionUrl: decider.url, ...patch });
    return app;
  };

  it('the default policy closes; the webhook carries the report and the decision', async () => {
    const node = uniqueNodeId();
    expect(await report(node, 'defaults', { idleMs: 21_000, source: 'pull' })).toBe('close');
    const events = await outboxOf(t.db, node);
    expect(events.map((e) => e.type)).toEqual(['stream.no_viewers']);
    expect(StreamNoViewersData.parse(events[0]!.data)).toEqual({
      vhost: '__defaultVhost__',
      app: 'defaults',
      stream: 'cam',
      nodeId: node,
      idleMs: 21_000,
      source: 'pull',
      decision: 'close',
    });
  });

  it('keep keeps, and every repeated report is one more webhook', async () => {
    await setPolicy('kept', { noneReaderAction: 'keep', decisionUrl: decider.url });
    const node = uniqueNodeId();
    const before = decider.received.length;
    expect(await report(node, 'kept')).toBe('keep');
    expect(await report(node, 'kept', { idleMs: 40_000 })).toBe('keep');
    expect((await outboxOf(t.db, node)).map((e) => [e.type, e.data.idleMs, e.data.decision])).toEqual([
      ['stream.no_viewers', 20_000, 'keep'],
      ['stream.no_viewers', 40_000, 'keep'],
    ]);
    // Only `ask` asks.
    expect(decider.received.length).toBe(before);
  });

  it('ask without a decision URL keeps', async () => {
    await setPolicy('ask-nobody', { noneReaderAction: 'ask' });
    expect(await report(uniqueNodeId(), 'ask-nobody')).toBe('keep');
  });

  it.each(['close', 'keep'] as const)('ask: the decision URL answering %s decides it', async (action) => {
    const app = await askingApp();
    decider.respond = () => ({ status: 200, body: { action } });
    const node = uniqueNodeId();
    expect(await report(node, app)).toBe(action);
    expect((await outboxOf(t.db, node)).map((e) => e.data.decision)).toEqual([action]);
    const question = decider.received.at(-1)!;
    expect(question.body).toEqual({
      type: 'stream.no_viewers',
      data: {
        vhost: '__defaultVhost__',
        app,
        stream: 'cam',
        nodeId: node,
        idleMs: 20_000,
        source: 'publisher',
      },
    });
  });

  it.each([
    ['an unknown action', { status: 200, body: { action: 'wait' } }],
    ['a reply that is not JSON', { status: 200, body: 'close' }],
    ['an error status', { status: 503, body: { action: 'close' } }],
  ])('ask: falls back to keep on %s', async (_what, reply) => {
    const app = await askingApp();
    decider.respond = () => reply;
    const node = uniqueNodeId();
    expect(await report(node, app)).toBe('keep');
    expect((await outboxOf(t.db, node)).map((e) => e.data.decision)).toEqual(['keep']);
  });

  it('ask: a decision URL that does not answer means keep, after about decisionTimeoutMs', async () => {
    const app = await askingApp({ decisionTimeoutMs: 200 });
    decider.respond = () => 'hang';
    const started = performance.now();
    expect(await report(uniqueNodeId(), app)).toBe('keep');
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(1200);
  });
});
