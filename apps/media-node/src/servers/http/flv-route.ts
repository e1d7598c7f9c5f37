import { parseStreamPath, type StreamRequest } from '../../core/stream-key.ts';

const SUFFIX = '.live.flv';

/** Matches ZLMediaKit's `/{app}/{stream}.live.flv`; undefined for any other path. */
export function matchFlvPath(url: string): StreamRequest | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.endsWith(SUFFIX)) return undefined;
  const rest = path.slice(0, -SUFFIX.length) + (q < 0 ? '' : url.slice(q));
  return parseStreamPath(rest);
}
