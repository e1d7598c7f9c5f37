import { PULL_URL_SCHEMES } from '@mediaplane/protocol';
import { hostProblem } from '../net/host-problem.ts';

/** A checked pull URL (normalised by the URL parser), or why it is refused. */
export type PullUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a pull source URL: scheme rtmp, rtmps, http or https, credentials (if any) that decode, and,
 * unless `allowPrivate`, a host that is not a private, loopback, link-local or otherwise internal
 * address. DNS names are judged by name only; a public name that resolves to a private address is the node's to refuse when it connects.
 */
export function checkPullUrl(raw: string, opts: { allowPrivate: boolean }): PullUrlCheck {
  if (!URL.canParse(raw)) return { ok: false, reason: 'is not a valid URL' };
  const url = new URL(raw);
  const scheme = url.protocol.slice(0, -1);
  if (!(PULL_URL_SCHEMES as readonly string[]).includes(scheme)) {
    return { ok: false, reason: `scheme '${scheme}' is not allowed (use ${PULL_URL_SCHEMES.join(', ')})` };
  }
  if (url.hostname === '') return { ok: false, reason: 'has no host' };
  // A node decodes the userinfo to log in; never echo it, it holds a password.
  if (!decodes(url.username) || !decodes(url.password))
    return { ok: false, reason: 'credentials are not valid percent-encoding' };
  if (opts.allowPrivate) return { ok: true, url: url.href };
  const problem = hostProblem(url.hostname.toLowerCase());
  return problem === undefined ? { ok: true, url: url.href } : { ok: false, reason: `host ${problem}` };
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}
