import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorBody, NodeCommandResult } from '@mediaplane/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionTracker } from '../../core/session-tracker.ts';
import { StreamRegistry } from '../../core/stream-registry.ts';
import { createLogger } from '../../log.ts';
import { isLoopback } from './auth.ts';
import { type NodeCommandDeps, nodeCommandHandler } from './commands.ts';

const log = createLogger('error', {}, () => {});
const key = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };

async function startNode(secret?: string, overrides: Partial<NodeCommandDeps> = {}) {
  const registry = new StreamRegistry({
    gop: { maxBytes: 1 << 20, maxItems: 100 },
    readerQueueBytes: 1 << 20,
    maxFlushDelayMs: 10,
  });
  const sessions = new SessionTracker();
  const handle = nodeCommandHandler({ registry, sessions, secret, log, ...overrides });
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(418).end('not a command');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { registry, sessions, server, url };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function expectError(res: Response, status: number, code: string, text?: string): Promise<void> {
  expect(res.status).toBe(status);
  const body = ErrorBody.parse(await res.json());
  expect(body.error.code).toBe(code);
  if (text) expect(body.error.message).toContain(text);
}

describe('node command endpoints', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const node = async (secret?: string, overrides?: Partial<NodeCommandDeps>) => {
    const n = await startNode(secret, overrides);
    servers.push(n.server);
    return n;
  };

  it('closes a stream: its source and readers are closed and it leaves the registry', async () => {
    const n = await node();
    const stream = n.registry.create(key);
    const sourceClosed: string[] = [];
    stream.source = { id: 'pub', protocol: 'rtmp', close: (r) => sourceClosed.push(r) };
    n.registry.announce(stream);
    const readerClosed: string[] = [];
    const sink = {
      write: () => {},
      writeParts: () => {},
      bufferedBytes: () => 0,
      close: (r: string) => readerClosed.push(r),
    };
    stream.addReader(
      'p1',
      'http-flv',
      { id: 'flv', encodeConfig: () => Buffer.alloc(0), encode: () => Buffer.alloc(0) } as never,
      sink,
    );

    const res = await post(`${n.url}/_node/v1/streams/close`, { ...key, reason: 'test says so' });
    expect(res.status).toBe(200);
    expect(NodeCommandResult.parse(await res.json())).toEqual({ ok: true });
    expect(stream.closed).toBe(true);
    expect(n.registry.get(key)).toBeUndefined();
    expect(sourceClosed).toEqual(['test says so']);
    expect(readerClosed).toEqual(['test says so']);
  });

  it('closes a session by id', async () => {
    const n = await node();
    const closes: string[] = [];
    n.sessions.open({
      id: 's1',
      role: 'player',
      protocol: 'rtmp',
      key,
      ip: '127.0.0.1',
      bytesIn: () => 0,
      bytesOut: () => 0,
      close: (r) => closes.push(r),
    });
    const res = await post(`${n.url}/_node/v1/sessions/close`, { sessionId: 's1' });
    expect(res.status).toBe(200);
    expect(closes).toEqual(['closed by the control API']);
    expect(n.sessions.get('s1')).toBeUndefined();
  });

  it('404s what the node does not hold, with the error shape', async () => {
    const n = await node();
    await expectError(await post(`${n.url}/_node/v1/streams/close`, key), 404, 'NOT_FOUND', 'live/cam');
    await expectError(await post(`${n.url}/_node/v1/sessions/close`, { sessionId: 'x' }), 404, 'NOT_FOUND');
    await expectError(await post(`${n.url}/_node/v1/nope`, {}), 404, 'NOT_FOUND');
  });

  it('refuses bad input naming the field, non-JSON, GET and oversized bodies', async () => {
    const n = await node();
    await expectError(
      await post(`${n.url}/_node/v1/streams/close`, { app: 'live' }),
      400,
      'BAD_REQUEST',
      "'vhost'",
    );
    await expectError(
      await post(`${n.url}/_node/v1/sessions/close`, { sessionId: '' }),
      400,
      'BAD_REQUEST',
      "'sessionId'",
    );
    const notJson = await fetch(`${n.url}/_node/v1/sessions/close`, { method: 'POST', body: '{nope' });
    await expectError(notJson, 400, 'BAD_REQUEST', 'JSON');
    await expectError(await fetch(`${n.url}/_node/v1/sessions/close`), 400, 'BAD_REQUEST');
    const huge = await post(`${n.url}/_node/v1/sessions/close`, { sessionId: 'x'.repeat(20_000) });
    await expectError(huge, 400, 'BAD_REQUEST', 'exceeds');
  });

  it('answers 500 with the error shape when a route throws, logs why, and keeps serving', async () => {
    const lines: string[] = [];
    const n = await node(undefined, {
      registry: {
        get: () => {
          throw new Error('registry exploded');
        },
        remove: () => {},
      },
      log: createLogger('debug', {}, (line) => lines.push(line)),
    });
    const res = await post(`${n.url}/_node/v1/streams/close`, key);
    await expectError(res, 500, 'INTERNAL');
    const logged = lines.find((l) => l.includes('node command failed'));
    expect(logged).toMatch(/^\S+ ERROR /);
    expect(logged).toContain('registry exploded');
    expect(logged).toContain('commands.test.ts');
    // Only that request failed: the next command on the same node is answered.
    await expectError(await post(`${n.url}/_node/v1/sessions/close`, { sessionId: 'x' }), 404, 'NOT_FOUND');
  });

  it('leaves other paths to the server', async () => {
    const n = await node();
    expect((await fetch(`${n.url}/live/cam.live.flv`)).status).toBe(418);
    expect((await fetch(`${n.url}/_nodes`)).status).toBe(418);
  });

  it('with a node secret, requires it as a bearer token', async () => {
    const n = await node('the-node-secret');
    const path = `${n.url}/_node/v1/sessions/close`;
    await expectError(await post(path, { sessionId: 'x' }), 401, 'UNAUTHORIZED');
    await expectError(
      await post(path, { sessionId: 'x' }, { authorization: 'Bearer wrong' }),
      401,
      'UNAUTHORIZED',
    );
    await expectError(
      await post(path, { sessionId: 'x' }, { authorization: 'Bearer the-node-secret' }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.10.0.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.168.1.127', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    ['127.0.0.1.evil', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
