import { redactUrl } from '../redact-url.ts';

/** Where an rtmp:// URL points: socket address, connect parameters, and the stream name. */
export interface RtmpTarget {
  readonly host: string;
  readonly port: number;
  /** rtmps: the connection runs over TLS. */
  readonly secure: boolean;
  readonly app: string;
  readonly tcUrl: string;
  /** Path after the app plus the query string, e.g. "x?token=1"; "" when the URL names only the app. */
  readonly streamName: string;
}

/** Default RTMP port. */
export const RTMP_PORT = 1935;
/** Default RTMPS port (RTMP over TLS, as the big ingest services run it). */
export const RTMPS_PORT = 443;

/**
 * Splits rtmp[s]://host[:port]/app/stream?query the way FFmpeg and most servers do: the first path
 * segment is the app, the rest (with the query) is the stream name.
 */
export function parseRtmpUrl(raw: string): RtmpTarget {
  // Error texts reach logs: they show the URL redacted (no userinfo, no query).
  if (!URL.canParse(raw)) throw new TypeError('not a URL');
  const url = new URL(raw);
  const shown = redactUrl(url);
  if (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:')
    throw new TypeError(`unsupported scheme ${url.protocol} in ${shown} (only rtmp: and rtmps:)`);
  if (!url.hostname) throw new TypeError(`no host in ${shown}`);
  const secure = url.protocol === 'rtmps:';
  const port = url.port ? Number(url.port) : secure ? RTMPS_PORT : RTMP_PORT;
  const [app = '', ...rest] = url.pathname.replace(/^\/+/, '').split('/');
  if (!app) throw new TypeError(`no app in ${shown}`);
  const path = rest.join('/');
  // With no stream path the query belongs to the app (FFmpeg's reading of rtmp://h/app?x).
  const appWithQuery = path ? app : app + url.search;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    app: appWithQuery,
    tcUrl: `${url.protocol}//${url.host}/${appWithQuery}`,
    streamName: path ? path + url.search : '',
  };
}

/** The stream name without its query, which may carry tokens: for errors and logs. */
export function withoutQuery(streamName: string): string {
  const q = streamName.indexOf('?');
  return q < 0 ? streamName : streamName.slice(0, q);
}
