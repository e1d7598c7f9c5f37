import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { OutboundFetch } from './outbound-fetch.ts';
import { addressProblem, pinnedLookup, type Resolver, systemResolver } from './pinned-lookup.node.ts';

/** Options of pinnedFetch. */
export interface PinnedFetchOptions {
  /** Lets calls reach private, loopback and link-local addresses (the operator's flag). */
  readonly allowPrivate: boolean;
  /** Most response body bytes read; a longer body errors when read (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** How names are resolved (default the system's; tests map names to loopback). */
  readonly resolve?: Resolver;
}

// Statuses whose response has no body, per the Fetch standard.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch for URLs users set, on Node: the name is resolved once, inside the connect, every address is
 * checked (unless `allowPrivate`) and the socket connects to exactly those, so DNS rebinding cannot
 * slip a private address in after the check. Host and TLS SNI keep the URL's name. Redirects come back
 * as responses, never followed; `init.signal` aborts; the body read is bounded.
 */
export function pinnedFetch(opts: PinnedFetchOptions): OutboundFetch {
  const lookup = pinnedLookup(opts.allowPrivate, opts.resolve ?? systemResolver);
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024;
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const url = new URL(input);
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:')
        return reject(new TypeError(`scheme ${url.protocol} not allowed`));
      if (url.username !== '' || url.password !== '')
        return reject(new TypeError('URLs with credentials are not allowed'));
      // An address literal is never looked up, so it is checked here.
      const literalProblem = isIP(host) !== 0 && !opts.allowPrivate ? addressProblem(host) : undefined;
      if (literalProblem !== undefined) return reject(new Error(`refused: ${host} ${literalProblem}`));
      const body = bodyBytes(init.body);
      if (body instanceof Error) return reject(body);

      const headers: Record<string, string> = { host: url.host };
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      if (body !== undefined) headers['content-length'] = String(body.length);

      let settled = false;
      let failBody: ((err: Error) => void) | undefined;
      const req: ClientRequest = (secure ? httpsRequest : httpRequest)({
        hostname: host,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers,
        agent: false,
        lookup,
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      });
      const onAbort = (): void => {
        req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('close', () => signal?.removeEventListener('abort', onAbort));
      req.on('error', (err) => {
        if (!settled) {
          settled = true;
          reject(signal?.aborted ? signal.reason : err);
        } else failBody?.(err);
      });
      req.on('response', (res) => {
        settled = true;
        try {
          const status = res.statusCode ?? 0;
          const empty = NULL_BODY.has(status) || init.method === 'HEAD';
          if (empty) res.resume();
          else failBody = (err) => res.destroy(err);
          const stream = empty ? null : boundedBody(res, maxBodyBytes, () => req.destroy());
          resolve(new Response(stream, { status, headers: responseHeaders(res) }));
        } catch (err) {
          req.destroy();
          reject(err);
        }
      });
      req.end(body);
    });
}

function bodyBytes(body: RequestInit['body']): Uint8Array | undefined | Error {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new TypeError('only string and byte bodies are supported');
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  }
  return headers;
}

// The body as a web stream that errors once more than `maxBytes` arrived; cancelling drops the connection.
function boundedBody(res: IncomingMessage, maxBytes: number, drop: () => void): ReadableStream<Uint8Array> {
  let size = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (err: Error): void => {
        if (finished) return;
        finished = true;
        controller.error(err);
        drop();
      };
      res.on('data', (chunk: Buffer) => {
        if (finished) return;
        size += chunk.length;
        if (size > maxBytes) return fail(new Error(`response body exceeds ${maxBytes} bytes`));
        controller.enqueue(new Uint8Array(chunk));
      });
      res.on('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      res.on('error', fail);
      res.on('close', () => fail(new Error('connection closed before the body ended')));
    },
    cancel() {
      finished = true;
      drop();
    },
  });
}
