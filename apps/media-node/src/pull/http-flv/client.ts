import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { PullFeed } from '../../core/pull.ts';
import type { StreamSource } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';
import { FlvTagReader } from '../../protocols/flv/tag-reader.ts';
import { FLV_TAG } from '../../protocols/flv/tag-types.ts';
import { PullSession, type PullTimeouts, reasonOf } from '../pull-session.ts';
import { resolvePullTarget } from '../resolve-target.ts';

/** Options of an HTTP-FLV pull. */
export interface HttpFlvPullOptions extends PullTimeouts {
  readonly allowPrivate: boolean;
  /** Most bytes buffered without completing a tag; more ends the pull (a bound on memory). */
  readonly maxTagBytes: number;
}

/** Pulls an http(s) FLV stream (an HTTP-FLV endpoint or a growing file) into `feed.stream`. */
export function startHttpFlvPull(
  url: URL,
  feed: PullFeed,
  log: Logger,
  options: HttpFlvPullOptions,
): StreamSource {
  const session = PullSession.start('http-flv-pull', url, feed, log, options);
  // Anything thrown while setting up (a bad URL part, a refused address) ends this pull, never the process.
  open(url, session, options).catch((err: unknown) => session.end(reasonOf(err)));
  return session;
}

async function open(url: URL, session: PullSession, options: HttpFlvPullOptions): Promise<void> {
  const target = await resolvePullTarget(url.hostname, options.allowPrivate);
  if (session.running) connect(url, target.address, session, options);
}

function connect(url: URL, address: string, session: PullSession, options: HttpFlvPullOptions): void {
  const secure = url.protocol === 'https:';
  const auth = basicAuth(url);
  // Connect to the checked address; Host (and so SNI and the certificate check) keeps the name.
  const req: ClientRequest = (secure ? httpsRequest : httpRequest)({
    host: address,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    agent: false,
    headers: { host: url.host, accept: '*/*', 'user-agent': 'mediaplane-media-node' },
    ...(auth !== undefined ? { auth } : {}),
    ...(secure && isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
  });
  session.onTeardown(() => req.destroy());
  req.on('error', (err) => session.end(`HTTP request failed: ${reasonOf(err)}`));
  req.on('response', (res) => onResponse(res, session, options));
  req.end();
}

/** `user:password` for Basic auth from the URL's userinfo; the error text never shows it. */
function basicAuth(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  try {
    return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    throw new Error('URL credentials are not valid percent-encoding');
  }
}

function onResponse(res: IncomingMessage, session: PullSession, options: HttpFlvPullOptions): void {
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    const redirect = status >= 300 && status < 400;
    session.end(redirect ? `HTTP ${status} redirect not followed` : `HTTP status ${status}`);
    return;
  }
  const reader = new FlvTagReader();
  let sinceTag = 0;
  res.on('data', (chunk: Buffer) => {
    if (!session.running) return;
    session.dataArrived();
    try {
      const tags = reader.push(chunk);
      sinceTag = tags.length > 0 ? 0 : sinceTag + chunk.length;
      if (sinceTag > options.maxTagBytes) {
        session.end(`FLV tag larger than ${options.maxTagBytes} bytes`);
        return;
      }
      for (const tag of tags) {
        if (!session.running) return;
        if (tag.type === FLV_TAG.VIDEO) session.ingest.video(tag.body, tag.timestamp);
        else if (tag.type === FLV_TAG.AUDIO) session.ingest.audio(tag.body, tag.timestamp);
        else if (tag.type === FLV_TAG.SCRIPT) session.ingest.script(tag.body);
      }
    } catch (err) {
      session.end(`bad FLV from remote: ${reasonOf(err)}`);
    }
  });
  res.on('error', (err) => session.end(`HTTP response failed: ${reasonOf(err)}`));
  res.on('end', () => session.end('remote ended the stream'));
  res.on('close', () => session.end('connection closed'));
}
