import { signWebhook, WEBHOOK_SIGNATURE_HEADER, type WebhookEnvelope } from '@mediaplane/protocol';
import type { OutboundFetch } from '../net/outbound-fetch.ts';

/** What one attempt needs: where, the secret, and the event (its id is what receivers dedupe on). */
export interface DeliveryTarget {
  readonly url: string;
  readonly secret: string;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly createdAt: Date;
    readonly data: unknown;
  };
}

/** How an attempt went; `retry` is false only for success. `aborted` means we stopped it (shutdown). */
export interface AttemptOutcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly aborted: boolean;
}

/** The runtime pieces an attempt uses; injectable for tests. */
export interface AttemptDeps {
  readonly fetch: OutboundFetch;
  readonly now: () => Date;
  readonly timeoutMs: number;
  /** Aborts the attempt when the worker stops. */
  readonly signal: AbortSignal;
  /** Throws when the URL may not be reached (e.g. it resolves to a private address). */
  readonly checkTarget?: ((url: URL) => Promise<void>) | undefined;
}

/** The exact body POSTed: `{ id, type, createdAt, data }`. */
export function deliveryBody(event: DeliveryTarget['event']): string {
  const body: WebhookEnvelope = {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.data,
  };
  return JSON.stringify(body);
}

/** POSTs the event once, signed at the attempt's time; never throws. 2xx is success; redirects are not followed. */
export async function attemptDelivery(target: DeliveryTarget, deps: AttemptDeps): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, aborted = false): AttemptOutcome => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Math.max(0, Math.round(performance.now() - started)),
    aborted,
  });
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  try {
    await deps.checkTarget?.(new URL(target.url));
    const body = deliveryBody(target.event);
    const t = Math.floor(deps.now().getTime() / 1000);
    const res = await deps.fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Mediaplane-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: await signWebhook(target.secret, body, t),
      },
      body,
      // A redirect could lead past the URL checks (to a private address), so it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.any([deps.signal, timeout]),
    });
    // The body is not used; cancelling frees the connection.
    await res.body?.cancel().catch(() => {});
    const redirected = res.status >= 300 && res.status < 400;
    return done(res.status, redirected ? 'redirects are not followed' : null);
  } catch (err) {
    if (deps.signal.aborted) return done(null, 'worker stopped', true);
    if (timeout.aborted) return done(null, `timed out after ${deps.timeoutMs} ms`);
    return done(null, describeFetchError(err));
  }
}

/** A short reason for a failed fetch: it wraps network failures as `fetch failed` with the useful part in `cause`. */
export function describeFetchError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const message = cause?.message ?? (err instanceof Error ? err.message : String(err));
  return message.slice(0, 500);
}
