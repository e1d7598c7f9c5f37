import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/harness.ts';
import { pinnedFetch } from './pinned-fetch.node.ts';
import type { Resolver } from './pinned-lookup.node.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly host: string | undefined;
  readonly body: string;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/hook': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
  '/redirect': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end(),
  '/empty': (_req, res) => res.writeHead(204).end(),
  '/big': (_req, res) => res.writeHead(200).end('x'.repeat(4096)),
  '/hang': () => {},
};

let server: Server;
let port: number;
const seen: Seen[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ method: req.method ?? '', path, host: req.headers.host, body });
      (routes[path.split('?')[0]!] ?? routes['/hook']!)(req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A resolver that maps every name to `addresses` and counts its calls. */
function fixedResolver(...addresses: string[]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

const post = (body: string, signal?: AbortSignal): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  ...(signal ? { signal } : {}),
});

describe('pinnedFetch', () => {
  it('refuses, at connect time, a name that resolves to loopback', async () => {
    const before = seen.length;
    const strict = pinnedFetch({ allowPrivate: false });
    await expect(strict(`http://localhost:${port}/hook`, post('{}'))).rejects.toThrow(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address$/,
    );
    expect(seen.length).toBe(before);
  });

  it.each([
    ['127.0.0.1', /^refused: 127\.0\.0\.1 is a loopback address$/],
    ['[::1]', /^refused: ::1 is a loopback address$/],
    ['[::ffff:10.0.0.1]', /private/],
  ])('refuses the address literal %s without connecting', async (host, reason) => {
    const before = seen.length;
    await expect(pinnedFetch({ allowPrivate: false })(`http://${host}:${port}/hook`)).rejects.toThrow(reason);
    expect(seen.length).toBe(before);
  });

  it('delivers to a name resolving to loopback when private targets are allowed, Host keeping the name', async () => {
    const res = await pinnedFetch({ allowPrivate: true })(
      `http://localhost:${port}/hook?k=1`,
      post('{"a":1}'),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      path: '/hook?k=1',
      host: `localhost:${port}`,
      body: '{"a":1}',
    });
  });

  it('connects to exactly the address it checked: one lookup, no second resolution', async () => {
    // `.invalid` never resolves: reaching the server proves the socket used the checked address.
    const resolver = fixedResolver('127.0.0.1');
    const res = await pinnedFetch({ allowPrivate: true, resolve: resolver })(
      `http://hook.pinned.invalid:${port}/hook`,
      post('{}'),
    );
    expect(res.status).toBe(200);
    await res.body?.cancel();
    expect(resolver.calls).toEqual(['hook.pinned.invalid']);
    expect(seen.at(-1)?.host).toBe(`hook.pinned.invalid:${port}`);

    const before = seen.length;
    const mixed = fixedResolver('93.184.216.34', '127.0.0.1');
    await expect(
      pinnedFetch({ allowPrivate: false, resolve: mixed })(`http://hook.pinned.invalid:${port}/hook`),
    ).rejects.toThrow('refused: hook.pinned.invalid resolves to 127.0.0.1, which is a loopback address');
    expect(mixed.calls).toHaveLength(1);
    expect(seen.length).toBe(before);
  });

  it('returns a redirect as it is, never following it', async () => {
    const before = seen.length;
    const res = await pinnedFetch({ allowPrivate: true })(`http://127.0.0.1:${port}/redirect`, post('{}'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://169.254.169.254/');
    await res.body?.cancel();
    expect(seen.length).toBe(before + 1);
  });

  it('answers a 204 with no body', async () => {
    const res = await pinnedFetch({ allowPrivate: true })(`http://127.0.0.1:${port}/empty`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('bounds the body it reads', async () => {
    const res = await pinnedFetch({ allowPrivate: true, maxBodyBytes: 1024 })(`http://127.0.0.1:${port}/big`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow(/exceeds 1024 bytes/);
  });

  it('aborts on its signal and drops the connection', async () => {
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    await expect(
      pinnedFetch({ allowPrivate: true })(`http://127.0.0.1:${port}/hang`, post('{}', signal)),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => sockets.size === 0, { what: 'the server to see the connection go' });
  });

  it('refuses credentials in the URL and schemes other than http(s)', async () => {
    const f = pinnedFetch({ allowPrivate: true });
    await expect(f(`http://u:p@127.0.0.1:${port}/hook`)).rejects.toThrow(/credentials/);
    await expect(f('ftp://127.0.0.1/x')).rejects.toThrow(/scheme ftp:/);
  });
});
