import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamSource } from '../../core/stream.ts';
import { FlvTagReader } from '../../protocols/flv/tag-reader.ts';
import { createPullStarter } from '../start-pull.ts';
import { memoryLogger, settle, type TestFeed, testFeed, until } from '../testing/test-feed.ts';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/h264-aac-10s.flv', import.meta.url));
const FLV_HEADER = FIXTURE.subarray(0, 13);

/** Media frames in the fixture: AVC NALU and AAC raw tags. */
function fixtureFrames(): { video: number; audio: number } {
  const counts = { video: 0, audio: 0 };
  for (const tag of new FlvTagReader().push(FIXTURE)) {
    if (tag.type === 9 && tag.body[1] === 1) counts.video++;
    if (tag.type === 8 && tag.body[1] === 1) counts.audio++;
  }
  return counts;
}

/** Deterministic bytes, so a failing fuzz case can be replayed by its seed. */
function prng(seed: number): (n: number) => Buffer {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % 256;
  };
  return (n) => Buffer.from(Array.from({ length: n }, next));
}

/** The first bytes of the fixture up to and including its first video frame, cut at a tag boundary. */
function fixtureUntilFirstVideoFrame(): Buffer {
  let pos = 13;
  for (;;) {
    const size = FIXTURE.readUIntBE(pos + 1, 3);
    const type = FIXTURE[pos]!;
    const isFrame = type === 9 && FIXTURE[pos + 12] === 1;
    pos += 11 + size + 4;
    if (isFrame) return FIXTURE.subarray(0, pos);
  }
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/fixture.flv': (_req, res) => {
    res.writeHead(200, { 'content-type': 'video/x-flv' });
    // Uneven chunks so tags straddle writes.
    for (let pos = 0; pos < FIXTURE.length; pos += 7001) res.write(FIXTURE.subarray(pos, pos + 7001));
    res.end();
  },
  '/missing.flv': (_req, res) => {
    res.writeHead(404).end('no such stream');
  },
  '/redirect.flv': (_req, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
  },
  '/garbage.flv': (_req, res) => {
    res.writeHead(200).end('<html>this is not an FLV stream</html>');
  },
  '/drop-midway.flv': (req, res) => {
    res.writeHead(200);
    res.write(FIXTURE.subarray(0, FIXTURE.length >> 1), () => req.socket.destroy());
  },
  '/stalls.flv': (_req, res) => {
    // Sends the start of the stream, then nothing, never ending.
    res.writeHead(200);
    res.write(fixtureUntilFirstVideoFrame());
  },
  '/hang.flv': () => {},
};

let server: Server;
let base: string;
let port: number;
let requests = 0;
let lastAuthorization: string | undefined;
const open = new Set<IncomingMessage>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    lastAuthorization = req.headers.authorization;
    open.add(req);
    req.socket.once('close', () => open.delete(req));
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/fuzz/')) return fuzzRoute(Number(path.slice(6)), res);
    (routes[path] ?? routes['/missing.flv']!)(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

// Even seeds: random bytes after a valid header; odd ones: the fixture's start with bytes overwritten.
function fuzzRoute(seed: number, res: ServerResponse): void {
  const rand = prng(seed);
  res.writeHead(200);
  if (seed % 2 === 0) {
    res.end(Buffer.concat([FLV_HEADER, rand(4096)]));
    return;
  }
  const body = Buffer.from(FIXTURE.subarray(0, 64 * 1024));
  const edits = rand(64);
  for (let i = 0; i < edits.length; i += 4) {
    const at = 13 + (edits.readUInt16BE(i) % (body.length - 13));
    body[at] = edits[i + 2]!;
  }
  res.end(body);
}

const pull = createPullStarter({ allowPrivate: true, connectTimeoutMs: 1000, idleTimeoutMs: 500 });

async function ended(feed: TestFeed): Promise<string> {
  await until('the pull to end', () => feed.endings.length > 0);
  await settle();
  expect(feed.endings).toHaveLength(1);
  return feed.endings[0]!;
}

describe('HTTP-FLV pull', () => {
  it('feeds metadata, configs and every frame of the fixture, then ends when the body ends', async () => {
    const feed = testFeed();
    const { log, lines } = memoryLogger();
    const source = pull(`${base}/fixture.flv?token=secret-token`, feed, log);
    expect(source.protocol).toBe('http-flv-pull');
    expect(source.id).toMatch(/^pull-[0-9a-f]+$/);
    expect(await ended(feed)).toBe('remote ended the stream');
    expect(feed.readyCalls).toBe(1);
    expect(feed.frames).toMatchObject(fixtureFrames());
    expect(feed.frames.keyframes).toBeGreaterThan(0);
    const config = feed.stream.currentConfig;
    expect(config.video?.codec).toBe('h264');
    expect(config.audio?.codec).toBe('aac');
    expect(config.metadata?.width).toBe(640);
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it.each([
    ['/missing.flv', 'HTTP status 404'],
    ['/redirect.flv', 'HTTP 302 redirect not followed'],
    ['/garbage.flv', 'bad FLV from remote: FLV: bad signature'],
  ])('%s ends once with a reason', async (path, reason) => {
    const feed = testFeed();
    pull(`${base}${path}`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe(reason);
    expect(feed.readyCalls).toBe(0);
  });

  it('ends when the remote drops the connection mid-stream', async () => {
    const feed = testFeed();
    pull(`${base}/drop-midway.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toMatch(/closed|failed|ended/);
    expect(feed.readyCalls).toBe(1);
    expect(feed.frames.video).toBeGreaterThan(0);
  });

  it('ends after the no-data timeout once the remote stalls', async () => {
    const feed = testFeed();
    pull(`${base}/stalls.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('no data for 500 ms');
    expect(feed.readyCalls).toBe(1);
    await until('the server to see the connection go', () => open.size === 0);
  });

  it('ends after the connect timeout when the remote never answers', async () => {
    const feed = testFeed();
    pull(`${base}/hang.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('no data within 1000 ms');
    await until('the server to see the connection go', () => open.size === 0);
  });

  it('ends when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const feed = testFeed();
    pull(`http://127.0.0.1:${port}/x.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toMatch(/ECONNREFUSED/);
  });

  it('close() drops the connection at once and never reports ended', async () => {
    const feed = testFeed();
    const source: StreamSource = pull(`${base}/stalls.flv`, feed, memoryLogger().log);
    await until('the first frame', () => feed.readyCalls === 1);
    expect(open.size).toBe(1);
    source.close('test is done');
    await until('the server to see the connection go', () => open.size === 0);
    await settle();
    expect(feed.endings).toEqual([]);
    source.close('again');
    expect(feed.endings).toEqual([]);
  });

  it('close() before the connection is made stops it', async () => {
    const feed = testFeed();
    const source = pull(`${base}/fixture.flv`, feed, memoryLogger().log);
    source.close('changed my mind');
    await settle(20);
    expect(feed.endings).toEqual([]);
    expect(feed.frames.video).toBe(0);
    expect(open.size).toBe(0);
  });

  it.each([
    ['a%zz', 'pw'],
    ['user', '%E0%A4%A'],
  ])('credentials %s:%s that are not valid percent-encoding end the pull, never throw', async (user, pass) => {
    const feed = testFeed();
    const requestsBefore = requests;
    pull(`http://${user}:${pass}@127.0.0.1:${port}/fixture.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('URL credentials are not valid percent-encoding');
    expect(requests).toBe(requestsBefore);
  });

  it('sends valid credentials decoded, as Basic auth', async () => {
    const feed = testFeed();
    pull(`http://al%20ice:p%40ss@127.0.0.1:${port}/fixture.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('remote ended the stream');
    expect(lastAuthorization).toBe(`Basic ${Buffer.from('al ice:p@ss').toString('base64')}`);
  });

  it('refuses a loopback address unless private targets are allowed', async () => {
    const strict = createPullStarter({ allowPrivate: false });
    const feed = testFeed();
    strict(`${base}/fixture.flv`, feed, memoryLogger().log);
    expect(await ended(feed)).toBe('refused: 127.0.0.1 resolves to non-public address 127.0.0.1');
    expect(open.size).toBe(0);
  });

  it('fuzz: corrupt bodies after a valid header end the pull with a reason, never throw', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const feed = testFeed();
      pull(`${base}/fuzz/${seed}`, feed, memoryLogger().log);
      const reason = await ended(feed);
      expect(reason, `seed ${seed}`).toMatch(/\S/);
    }
  });
});
