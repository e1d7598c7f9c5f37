/** Where an rtmp:// URL points: socket address, connect parameters, and the stream name. */
export interface RtmpTarget {
  readonly host: string;
  readonly port: number;
  readonly app: string;
  readonly tcUrl: string;
  /** Path after the app plus the query string, e.g. "x?token=1"; "" when the URL names only the app. */
  readonly streamName: string;
}

/** Default RTMP port. */
export const RTMP_PORT = 1935;

/**
 * Splits rtmp://host[:port]/app/stream?query the way FFmpeg and most servers do: the first path
 * segment is the app, the rest (with the query) is the stream name.
 */
export function parseRtmpUrl(raw: string): RtmpTarget {
  if (!URL.canParse(raw)) throw new TypeError(`not a URL: ${raw}`);
  const url = new URL(raw);
  if (url.protocol !== 'rtmp:')
    throw new TypeError(`unsupported scheme ${url.protocol} in ${raw} (only rtmp:)`);
  if (!url.hostname) throw new TypeError(`no host in ${raw}`);
  const port = url.port ? Number(url.port) : RTMP_PORT;
  const [app = '', ...rest] = url.pathname.replace(/^\/+/, '').split('/');
  if (!app) throw new TypeError(`no app in ${raw}`);
  const path = rest.join('/');
  // With no stream path the query belongs to the app (FFmpeg's reading of rtmp://h/app?x).
  const appWithQuery = path ? app : app + url.search;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    app: appWithQuery,
    tcUrl: `rtmp://${url.host}/${appWithQuery}`,
    streamName: path ? path + url.search : '',
  };
}
