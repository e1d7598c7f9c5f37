import { startTestControlApi } from '@mediaplane/control-api/test/harness.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessRequest, NoViewersReport, StreamNotFoundReport } from '../core/policy.ts';
import { type ControlClientOptions, createControlClient } from './client.ts';
import { type CannedResponder, closedPort, startCannedServer } from './testing/canned-server.ts';

const key = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };
const miss: StreamNotFoundReport = { ...key, protocol: 'http-flv', params: { device: 'd1', token: 't' } };
const unwatched: NoViewersReport = { ...key, idleMs: 20_000, source: 'publisher' };
const access: AccessRequest = { ...key, params: {}, protocol: 'rtmp', sessionId: 's', ip: '127.0.0.1' };

function memoryLog() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push({ level, msg, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function clientOf(respond: CannedResponder, over: Partial<ControlClientOptions> = {}) {
  const server = await startCannedServer(respond);
  const log = memoryLog();
  const client = createControlClient({ baseUrl: server.url, nodeId: 'n1', log, ...over });
  cleanups.push(
    () => server.close(),
    () => client.close(),
  );
  return { server, client, log };
}

describe('control client lifecycle reports', () => {
  it('reports a miss with the node id, protocol and params, and returns the decision', async () => {
    const { server, client } = await clientOf(() => ({
      status: 200,
      body: { action: 'pull', url: 'rtmp://origin.example/live/cam', pullId: 'p1' },
    }));
    await expect(client.streamNotFound(miss)).resolves.toEqual({
      action: 'pull',
      url: 'rtmp://origin.example/live/cam',
      pullId: 'p1',
    });
    expect(server.requests).toEqual([
      expect.objectContaining({
        path: '/node/v1/streams/not-found',
        body: { ...key, nodeId: 'n1', protocol: 'http-flv', params: { device: 'd1', token: 't' } },
      }),
    ]);
  });

  it('reports an unwatched stream and returns close or keep', async () => {
    let action = 'close';
    const { server, client } = await clientOf(() => ({ status: 200, body: { action } }));
    await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'close' });
    action = 'keep';
    await expect(client.noViewers({ ...unwatched, source: 'pull', idleMs: 40_000.4 })).resolves.toEqual({
      action: 'keep',
    });
    expect(server.requests.map((r) => [r.path, r.body])).toEqual([
      ['/node/v1/streams/no-viewers', { ...key, nodeId: 'n1', idleMs: 20_000, source: 'publisher' }],
      ['/node/v1/streams/no-viewers', { ...key, nodeId: 'n1', idleMs: 40_000, source: 'pull' }],
    ]);
  });

  it('falls back to wait and keep when nothing listens, logging each failure once', async () => {
    const port = await closedPort();
    const log = memoryLog();
    const client = createControlClient({ baseUrl: `http://127.0.0.1:${port}`, nodeId: 'n', log });
    cleanups.push(() => client.close());
    await expect(client.streamNotFound(miss)).resolves.toEqual({ action: 'wait' });
    await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'keep' });
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.fields?.path)).toEqual([
      '/node/v1/streams/not-found',
      '/node/v1/streams/no-viewers',
    ]);
    expect(warnings[0]!.fields?.reason).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(log.lines)).not.toContain('"t"');
  });

  it.each([
    ['a hang past the timeout', 'hang' as const],
    ['a 500', { status: 500, body: { error: 'boom' } }],
    ['a 404 from an API without the route', { status: 404, body: { error: 'no route' } }],
    ['an unreadable decision', { status: 200, body: { action: 'explode' } }],
  ])('falls back on %s', async (_name, answer) => {
    const { client, log } = await clientOf(() => answer, { lifecycleTimeoutMs: 200 });
    await expect(client.streamNotFound(miss)).resolves.toEqual({ action: 'wait' });
    await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'keep' });
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('waits for a slow decision past the general timeout and applies it', async () => {
    // The API may spend up to 10 s on the app's decision URL: 3 s is well past the 2 s general timeout.
    const { server, client } = await clientOf((path) =>
      path.endsWith('/not-found')
        ? { status: 200, body: { action: 'pull', url: 'rtmp://origin.example/live/cam' }, delayMs: 3000 }
        : { status: 200, body: { action: 'close' }, delayMs: 3000 },
    );
    const [decision, unwatchedDecision] = await Promise.all([
      client.streamNotFound(miss),
      client.noViewers(unwatched),
    ]);
    expect(decision).toEqual({ action: 'pull', url: 'rtmp://origin.example/live/cam' });
    expect(unwatchedDecision).toEqual({ action: 'close' });
    expect(server.requests).toHaveLength(2);
    expect(client.breakerState).toBe('closed');
  }, 10_000);

  it('slow or failing reports never open the authorize breaker', async () => {
    let nth = 0;
    const { server, client, log } = await clientOf(
      (path) => {
        if (path === '/node/v1/authorize') return { status: 200, body: { allow: true } };
        return ++nth % 2 === 0 ? 'hang' : { status: 503, body: { error: 'busy' } };
      },
      { lifecycleTimeoutMs: 150, breaker: { failureThreshold: 3, cooldownMs: 60_000 } },
    );
    for (let i = 0; i < 3; i++) {
      await expect(client.streamNotFound(miss)).resolves.toEqual({ action: 'wait' });
      await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'keep' });
    }
    expect(client.breakerState).toBe('closed');
    await expect(client.authorizePlay(access)).resolves.toBeUndefined();
    expect(server.requests.at(-1)?.path).toBe('/node/v1/authorize');
    expect(log.lines.some((l) => l.msg.includes('failing fast'))).toBe(false);
  });

  it('answers wait and keep at once, without calling, while the authorize breaker is open', async () => {
    const { server, client } = await clientOf(() => 'hang', {
      timeoutMs: 100,
      failPolicy: 'open',
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    await client.authorizePlay(access);
    await client.authorizePlay(access);
    expect(client.breakerState).toBe('open');
    await expect(client.streamNotFound(miss)).resolves.toEqual({ action: 'wait' });
    await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'keep' });
    expect(server.requests.map((r) => r.path)).toEqual(['/node/v1/authorize', '/node/v1/authorize']);
  });

  it('resolves authorize with no lifecycle when an older API sends none', async () => {
    const { client } = await clientOf(() => ({ status: 200, body: { allow: true } }));
    await expect(client.authorizePlay(access)).resolves.toBeUndefined();
  });

  it('gets the default decisions from a real control API', async () => {
    const api = await startTestControlApi();
    cleanups.push(() => api.close());
    const client = createControlClient({ baseUrl: api.url, nodeId: 'n-real', log: memoryLog() });
    cleanups.push(() => client.close());
    // Defaults: no pull source and no decision URL means wait; noneReaderAction close.
    await expect(client.streamNotFound(miss)).resolves.toEqual({ action: 'wait' });
    await expect(client.noViewers(unwatched)).resolves.toEqual({ action: 'close' });
  });
});
