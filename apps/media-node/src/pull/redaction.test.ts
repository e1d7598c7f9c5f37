import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.ts';
import { parseRtmpUrl } from './rtmp/url.ts';
import { createPullStarter, startPull } from './start-pull.ts';
import { memoryLogger, settle, testFeed, until } from './testing/test-feed.ts';

const USER = 'user-secret-1';
const PASS = 'pass-secret-2';
const KEY = 'query-secret-3';
const SECRETS = [USER, PASS, KEY];
const userinfo = `${USER}:${PASS}`;

let silent: Server;
let silentPort: number;
let closedPort: number;
let http: ReturnType<typeof createHttpServer>;
let httpPort: number;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts and never answers: the RTMP handshake times out.
  silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as AddressInfo).port;
  http = createHttpServer((_req, res) => res.writeHead(404).end('no such stream'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpPort = (http.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  http.closeAllConnections();
  await new Promise((r) => silent.close(r));
  await new Promise((r) => http.close(r));
});

const pull = createPullStarter({ allowPrivate: true, connectTimeoutMs: 500, idleTimeoutMs: 500 });

describe('pull URLs stay out of logs and reasons', () => {
  it('redactUrl keeps scheme, host, port and path only', () => {
    expect(redactUrl(new URL(`rtmp://${userinfo}@h:1936/live/cam?key=${KEY}#frag`))).toBe(
      'rtmp://h:1936/live/cam',
    );
    expect(redactUrl(`https://${userinfo}@[::1]/a.flv?token=${KEY}`)).toBe('https://[::1]/a.flv');
    expect(redactUrl(`not a url ${PASS}`)).toBe('(invalid URL)');
  });

  it('parseRtmpUrl errors show the redacted URL', () => {
    expect(() => parseRtmpUrl(`rtmp://${userinfo}@h/?key=${KEY}`)).toThrow(/^no app in rtmp:\/\/h\/$/);
    expect(() => parseRtmpUrl(`http://${userinfo}@h/live?key=${KEY}`)).toThrow(
      /^unsupported scheme http: in http:\/\/h\/live \(only/,
    );
    expect(() => parseRtmpUrl(`${PASS} ${KEY}`)).toThrow(/^not a URL$/);
  });

  it.each([
    ['an RTMP URL with no app', () => `rtmp://${userinfo}@127.0.0.1:${silentPort}/?key=${KEY}`, /^no app in/],
    [
      'an RTMP URL with only an app and a query',
      () => `rtmp://${userinfo}@127.0.0.1:${silentPort}/live?key=${KEY}`,
      /timed out|no data within/,
    ],
    [
      'an RTMP remote that never answers',
      () => `rtmp://${userinfo}@127.0.0.1:${silentPort}/live/cam?key=${KEY}`,
      /timed out|no data within/,
    ],
    [
      'an RTMP remote that refuses',
      () => `rtmp://${userinfo}@127.0.0.1:${closedPort}/live/cam?key=${KEY}`,
      /ECONNREFUSED/,
    ],
    [
      'an HTTP remote that answers 404',
      () => `http://${userinfo}@127.0.0.1:${httpPort}/live/cam.flv?key=${KEY}`,
      /^HTTP status 404$/,
    ],
    [
      'an HTTP remote that refuses',
      () => `http://${userinfo}@127.0.0.1:${closedPort}/live/cam.flv?key=${KEY}`,
      /ECONNREFUSED/,
    ],
    [
      'HTTP credentials that are not valid percent-encoding',
      () => `http://${USER}%zz:${PASS}@127.0.0.1:${httpPort}/live/cam.flv?key=${KEY}`,
      /not valid percent-encoding/,
    ],
  ])('%s', async (_what, url, reason) => {
    const { log, lines } = memoryLogger();
    const feed = testFeed();
    pull(url(), feed, log);
    await until('the pull to end', () => feed.endings.length > 0);
    await settle();
    expect(feed.endings).toEqual([expect.stringMatching(reason)]);
    const seen = [...lines, ...feed.endings].join('\n');
    expect(lines.some((l) => l.includes('pull ended'))).toBe(true);
    for (const secret of SECRETS) expect(seen).not.toContain(secret);
  });

  it('a refused private target names the host only', async () => {
    const { log, lines } = memoryLogger();
    const feed = testFeed();
    startPull(`https://${userinfo}@127.0.0.1:${httpPort}/x.flv?key=${KEY}`, feed, log);
    await until('the pull to end', () => feed.endings.length > 0);
    expect(feed.endings[0]).toMatch(/^refused: 127\.0\.0\.1 resolves to/);
    for (const secret of SECRETS) expect([...lines, ...feed.endings].join('\n')).not.toContain(secret);
  });
});
