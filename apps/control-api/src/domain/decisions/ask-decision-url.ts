import type { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import type { OutboundFetch } from '../net/outbound-fetch.ts';
import { checkWebhookUrl } from '../webhooks/check-url.ts';
import { describeFetchError } from '../webhooks/deliver.ts';

/** What the business app is asked: `{ type, data }`, data being the webhook's data without the decision. */
export interface DecisionQuestion {
  readonly type: 'stream.not_found' | 'stream.no_viewers';
  readonly data: Readonly<Record<string, unknown>>;
}

/** The runtime pieces a call uses; the Node entry supplies its pinned fetch, tests a fake one. */
export interface AskDeps {
  /** Lets the URL point at private or loopback hosts (the operator's webhook flag). */
  readonly allowPrivate: boolean;
  /** Throws when the URL may not be reached now (for runtimes whose fetch cannot check at connect). */
  readonly checkTarget?: ((url: URL) => Promise<void>) | undefined;
  /** Default: the global fetch. */
  readonly fetch?: OutboundFetch | undefined;
}

/** The parsed reply, or why there is none (never containing the URL, which may hold a key). */
export type DecisionAnswer<T> =
  | { readonly ok: true; readonly value: T; readonly durationMs: number }
  | { readonly ok: false; readonly reason: string; readonly durationMs: number };

// A decision is a few bytes of JSON; anything larger is not one, and must not fill memory.
const MAX_REPLY_BYTES = 16 * 1024;

/**
 * POSTs the question to an app's decision URL and parses the JSON reply with `reply`, all within
 * `timeoutMs` (the DNS check included). Never throws: every failure is an answer with a reason.
 */
export async function askDecisionUrl<S extends z.ZodType>(
  call: { url: string; timeoutMs: number; question: DecisionQuestion; reply: S },
  deps: AskDeps,
): Promise<DecisionAnswer<z.output<S>>> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  const checked = checkWebhookUrl(call.url, { allowPrivate: deps.allowPrivate });
  if (!checked.ok)
    return { ok: false, reason: `decision URL refused: ${checked.reason}`, durationMs: elapsed() };

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${call.timeoutMs} ms`)), call.timeoutMs);
  });
  try {
    const raw = await Promise.race([post(checked.url, call.question, deps, controller.signal), expired]);
    const parsed = call.reply.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data, durationMs: elapsed() };
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `'${i.path.map(String).join('.')}': ${i.message}`);
    return { ok: false, reason: `invalid reply: ${issues.join('; ')}`, durationMs: elapsed() };
  } catch (err) {
    return { ok: false, reason: describeFetchError(err).slice(0, 300), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function post(
  url: string,
  question: DecisionQuestion,
  deps: AskDeps,
  signal: AbortSignal,
): Promise<unknown> {
  await deps.checkTarget?.(new URL(url));
  // A check that outlived the timeout must not still send the question.
  signal.throwIfAborted();
  const res = await (deps.fetch ?? fetch)(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'Mediaplane-Decisions/1',
    },
    body: JSON.stringify({ type: question.type, data: question.data }),
    // A redirect could lead past the URL checks (to a private address), so it counts as a failure.
    redirect: 'manual',
    signal,
  });
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => {});
    throw new Error(
      res.status >= 300 && res.status < 400 ? 'redirects are not followed' : `answered ${res.status}`,
    );
  }
  const text = await readBounded(res);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('reply is not JSON');
  }
}

async function readBounded(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (reader === undefined) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new Error(`reply exceeds ${MAX_REPLY_BYTES} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** The deps of a call made for a request: the operator's private-URL flag and the runtime's outbound fetch. */
export function askDepsOf(ctx: ServiceContext): AskDeps {
  return {
    allowPrivate: ctx.allowPrivateWebhookUrls === true,
    checkTarget: ctx.checkOutboundTarget,
    fetch: ctx.outboundFetch,
  };
}
