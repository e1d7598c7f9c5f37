import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPullStarter, startPull } from './start-pull.ts';
import { memoryLogger, settle, type TestFeed, testFeed, until } from './testing/test-feed.ts';

async function ended(feed: TestFeed): Promise<string> {
  await until('the pull to end', () => feed.endings.length > 0);
  await settle();
  expect(feed.endings).toHaveLength(1);
  return feed.endings[0]!;
}

/** A TCP server that hands each connection to `onSocket`; tracks open sockets. */
async function tcpServer(
  onSocket: (s: Socket) => void,
): Promise<{ server: Server; port: number; open: Set<Socket> }> {
  const open = new Set<Socket>();
  const server = createServer((s) => {
    open.add(s);
    s.on('error', () => {});
    s.on('close', () => open.delete(s));
    s.resume(); // read (and drop) what the client sends, so its FIN is seen
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, open };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const pull = createPullStarter({ allowPrivate: true, connectTimeoutMs: 1000, idleTimeoutMs: 500 });

describe('startPull', () => {
  it.each([
    ['srt://127.0.0.1:9000/x', 'unsupported scheme'],
    ['file:///etc/passwd', 'unsupported scheme'],
    ['not a url', 'invalid URL'],
  ])('%s ends with "%s", after the starter returned', async (url, reason) => {
    const feed = testFeed();
    const source = pull(url, feed, memoryLogger().log);
    expect(feed.endings).toEqual([]);
    expect(source.id).toMatch(/^pull-/);
    expect(await ended(feed)).toBe(reason);
  });

  it.each([
    ['rtmp://127.0.0.1:1935/live/x', '127.0.0.1'],
    ['rtmps://[::1]/live/x', '::1'],
    ['http://[::ffff:127.0.0.1]:8080/live/x.flv', '::ffff:7f00:1'],
    ['https://localhost/live/x.flv', 'localhost'],
  ])('the default starter refuses %s', async (url, host) => {
    const feed = testFeed();
    startPull(url, feed, memoryLogger().log);
    expect(await ended(feed)).toMatch(
      new RegExp(`^refused: ${host.replace(/[.:[\]]/g, '\\$&')} resolves to`),
    );
  });

  it('an RTMP pull has its protocol and ends when nothing listens', async () => {
    const { server, port } = await tcpServer(() => {});
    await new Promise((r) => server.close(r));
    const feed = testFeed();
    const source = pull(`rtmp://127.0.0.1:${port}/live/x`, feed, memoryLogger().log);
    expect(source.protocol).toBe('rtmp-pull');
    expect(await ended(feed)).toMatch(/ECONNREFUSED/);
  });

  it('an RTMP pull ends when the remote answers garbage', async () => {
    const t = await tcpServer((s) => s.end(Buffer.alloc(3000, 0x42)));
    servers.push(t.server);
    const feed = testFeed();
    pull(`rtmp://127.0.0.1:${t.port}/live/x`, feed, memoryLogger().log);
    expect(await ended(feed)).toMatch(/\S/);
    expect(feed.readyCalls).toBe(0);
  });

  it('an RTMP pull ends on the connect timeout when the remote is silent', async () => {
    const t = await tcpServer(() => {});
    servers.push(t.server);
    const feed = testFeed();
    pull(`rtmp://127.0.0.1:${t.port}/live/x?token=secret`, feed, memoryLogger().log);
    expect(await ended(feed)).toMatch(/timed out after 1000 ms|no data within 1000 ms/);
    expect(feed.endings[0]).not.toContain('secret');
    await until('the socket to close', () => t.open.size === 0);
  });

  it('a silent source is given as long as the held players wait, not just the connect timeout', async () => {
    const t = await tcpServer(() => {});
    servers.push(t.server);
    const feed = { ...testFeed(), firstDataWithinMs: 2500 };
    const startedAt = Date.now();
    pull(`http://127.0.0.1:${t.port}/live/x.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('no data within 2500 ms');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2400);
  });

  it('close() of an RTMP pull drops the socket at once and reports nothing', async () => {
    const t = await tcpServer(() => {});
    servers.push(t.server);
    const feed = testFeed();
    const source = pull(`rtmp://127.0.0.1:${t.port}/live/x`, feed, memoryLogger().log);
    await until('the connection', () => t.open.size === 1);
    source.close('done');
    await until('the socket to close', () => t.open.size === 0);
    await settle();
    expect(feed.endings).toEqual([]);
  });
});
