import { hostProblem } from '../net/host-problem.ts';

/** A checked webhook URL (as the URL parser normalised it), or why it is refused. */
export type WebhookUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a webhook URL: http or https, no credentials, and, unless `allowPrivate`, a host that is not
 * a private, loopback or link-local address or a local name (the API would otherwise POST into the
 * operator's own network on a key holder's behalf). Names resolving to such addresses are refused at
 * connect time by the Node entry's pinned fetch.
 */
export function checkWebhookUrl(raw: string, opts: { allowPrivate: boolean }): WebhookUrlCheck {
  if (!URL.canParse(raw)) return { ok: false, reason: 'is not a valid URL' };
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme '${url.protocol.slice(0, -1)}' is not allowed (use http or https)` };
  }
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'must not contain credentials' };
  if (opts.allowPrivate) return { ok: true, url: url.href };
  const problem = hostProblem(url.hostname.toLowerCase());
  return problem === undefined ? { ok: true, url: url.href } : { ok: false, reason: `host ${problem}` };
}
