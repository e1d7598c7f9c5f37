/** ZLMediaKit's default virtual host, used when a URL names none. */
export const DEFAULT_VHOST = '__defaultVhost__';

/** Identifies a stream on a node: (vhost, app, stream). */
export interface StreamKey {
  readonly vhost: string;
  readonly app: string;
  readonly stream: string;
}

/** A stream key plus the query parameters the client sent, kept for policy. */
export interface StreamRequest extends StreamKey {
  readonly params: Readonly<Record<string, string>>;
}

export function streamKeyId(key: StreamKey): string {
  return `${key.vhost}/${key.app}/${key.stream}`;
}

const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * Splits a path like `/live/a/b?token=x` into app `live` and stream `a/b`.
 * Returns undefined when the path has no stream part or a segment has unsafe characters.
 */
export function parseStreamPath(pathAndQuery: string, vhost = DEFAULT_VHOST): StreamRequest | undefined {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? '' : pathAndQuery.slice(q + 1);
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..'))
    return undefined;
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    if (k === 'vhost') vhost = v;
    else params[k] = v;
  }
  return { vhost, app: segments[0]!, stream: segments.slice(1).join('/'), params };
}
