import { StreamNotFoundDecision } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionServer, startDecisionServer } from '../../../../test/decision-server.ts';
import { postJson, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp, memoryLogger, type TestApp } from '../../../../test/harness.ts';
import {
  notFoundReport,
  noViewersReport,
  outboxOf,
  subscribeToEverything,
} from '../../../../test/node-reports.ts';
import { jsonInit } from '../../../../test/public-api.ts';
import { appPolicies, pulls } from '../../../db/schema/index.ts';

const SECRET = 'node-secret-for-stream-reports';
const auth = { authorization: `Bearer ${SECRET}` };
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.player-token-payload.signature';
const URL_KEY = 'decision-url-key-abc123';

describe('stream reports and the decision URL, security', () => {
  let t: TestApp;
  let decider: DecisionServer;
  const log = memoryLogger();
  const guarded: string[] = [];
  beforeAll(async () => {
    decider = await startDecisionServer();
    t = await createTestApp({
      nodeSecret: SECRET,
      log,
      deps: {
        allowPrivateWebhookUrls: true,
        // Stands in for the Node entry's DNS guard: refuses one host name, records every check.
        checkOutboundTarget: async (url) => {
          guarded.push(url.href);
          if (url.hostname === 'rebound.example.com')
            throw new Error('refused: rebound.example.com resolves to 10.0.0.1');
        },
      },
    });
    await subscribeToEverything(t.db);
  });
  afterAll(async () => {
    await decider.close();
    await t.cleanup();
  });

  const setPolicy = async (app: string, patch: Record<string, unknown>) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, jsonInit('PUT', patch, t.auth));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const notFound = async (node: string, app: string, params: Record<string, string> = {}) => {
    const body = notFoundReport(node, app, 'cam', { params });
    const res = await t.app.request('/node/v1/streams/not-found', postJson(body, auth));
    expect(res.status).toBe(200);
    return StreamNotFoundDecision.parse(await res.json());
  };

  it.each([
    ['/node/v1/streams/not-found', (n: string) => notFoundReport(n, 'guarded', 'cam')],
    ['/node/v1/streams/no-viewers', (n: string) => noViewersReport(n, 'guarded', 'cam')],
  ])('%s without the node secret asks nobody and records nothing', async (path, body) => {
    await setPolicy('guarded', { decisionUrl: decider.url, noneReaderAction: 'ask' });
    const before = decider.received.length;
    const node = uniqueNodeId();
    const res = await t.app.request(
      path,
      postJson(body(node), { authorization: 'Bearer wrong-secret-here' }),
    );
    expect(res.status).toBe(401);
    expect(decider.received.length).toBe(before);
    expect(await outboxOf(t.db, node)).toEqual([]);
  });

  it('the player’s token reaches neither the decision URL nor a log line; the URL’s key stays out of logs', async () => {
    await setPolicy('private', { decisionUrl: `${decider.url}?key=${URL_KEY}` });
    decider.respond = () => ({ status: 200, body: { action: 'explode' } });
    expect(await notFound(uniqueNodeId(), 'private', { token: TOKEN, device: 'd1' })).toEqual({
      action: 'wait',
    });
    const question = decider.received.at(-1)!;
    expect(question.path).toBe(`/decide?key=${URL_KEY}`);
    expect(JSON.stringify(question)).not.toContain('player-token-payload');
    const logged = JSON.stringify(log.lines);
    expect(logged).toContain('decision URL gave no usable answer');
    expect(logged).not.toContain('player-token-payload');
    expect(logged).not.toContain(URL_KEY);
  });

  it('runs the runtime’s target guard before calling, and a refusal means wait without a call', async () => {
    const before = decider.received.length;
    await setPolicy('ok-host', { decisionUrl: decider.url });
    await notFound(uniqueNodeId(), 'ok-host');
    expect(guarded.at(-1)).toBe(decider.url);
    expect(decider.received.length).toBe(before + 1);

    await setPolicy('rebound', { decisionUrl: 'https://rebound.example.com/decide' });
    expect(await notFound(uniqueNodeId(), 'rebound')).toEqual({ action: 'wait' });
    expect(guarded.at(-1)).toBe('https://rebound.example.com/decide');
    expect(JSON.stringify(log.lines)).toContain('resolves to 10.0.0.1');
  });

  it('a private decision URL stored earlier is not called once private URLs are refused', async () => {
    const strict = await createTestApp({ deps: { allowPrivateWebhookUrls: false } });
    try {
      // Written while the operator allowed private URLs (straight into the table: PUT would refuse it now).
      await strict.db
        .insert(appPolicies)
        .values({ app: 'legacy', decisionUrl: decider.url, noneReaderAction: 'ask' });
      const before = decider.received.length;
      const miss = await strict.app.request(
        '/node/v1/streams/not-found',
        postJson(notFoundReport('n', 'legacy', 'cam')),
      );
      expect(await miss.json()).toEqual({ action: 'wait' });
      const idle = await strict.app.request(
        '/node/v1/streams/no-viewers',
        postJson(noViewersReport('n', 'legacy', 'cam')),
      );
      expect(await idle.json()).toEqual({ action: 'keep' });
      expect(decider.received.length).toBe(before);
    } finally {
      await strict.cleanup();
    }
  });

  it('a pull source on a private host, stored while allowed, is not handed out once refused', async () => {
    await t.db
      .insert(pulls)
      .values({ id: 'pull_legacy', app: 'legacy-pull', stream: '*', url: 'rtmp://10.1.2.3/live' });
    await setPolicy('legacy-pull', { decisionUrl: decider.url });
    decider.respond = () => ({ status: 200, body: { action: 'fail' } });
    // The source is skipped and the decision URL decides instead.
    expect(await notFound(uniqueNodeId(), 'legacy-pull')).toEqual({
      action: 'fail',
      reason: 'refused by the app',
    });
    expect(
      log.lines.some((l) => l.msg.startsWith('pull source refused') && l.fields?.pullId === 'pull_legacy'),
    ).toBe(true);
  });

  it('a huge reply is not read to the end and means wait', async () => {
    await setPolicy('huge', { decisionUrl: decider.url });
    decider.respond = () => ({ status: 200, body: { action: 'fail', pad: 'x'.repeat(100_000) } });
    expect(await notFound(uniqueNodeId(), 'huge')).toEqual({ action: 'wait' });
    expect(JSON.stringify(log.lines)).toContain('reply exceeds');
  });
});
