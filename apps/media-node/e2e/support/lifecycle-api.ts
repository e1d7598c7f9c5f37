import { startWebhookReceiver, type WebhookReceiver } from '@mediaplane/control-api/test/harness.ts';
import {
  type AppPolicyPatch,
  CreatedWebhook,
  PullInfo,
  type SessionInfo,
  SessionList,
  WebhookEvent,
  type WebhookEventType,
} from '@mediaplane/protocol';

/** The public API of a control API: its URL and an admin key (a Stack's `api` has both). */
export interface PublicApi {
  readonly url: string;
  readonly apiKey: string;
}

async function call(api: PublicApi, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** PUT /v1/apps/{app}/policy; throws with the API's message unless it is accepted. */
export async function setPolicy(api: PublicApi, app: string, patch: AppPolicyPatch): Promise<void> {
  await expectStatus(await call(api, 'PUT', `/v1/apps/${app}/policy`, patch), 200, `policy of ${app}`);
}

/** POST /v1/pulls; throws unless the source is stored. */
export async function createPull(
  api: PublicApi,
  input: { app: string; stream: string; url: string },
): Promise<PullInfo> {
  return PullInfo.parse(await expectStatus(await call(api, 'POST', '/v1/pulls', input), 201, 'pull source'));
}

/** GET /v1/sessions for one stream. */
export async function sessionsOf(api: PublicApi, app: string, stream: string): Promise<SessionInfo[]> {
  const res = await call(api, 'GET', `/v1/sessions?app=${app}&stream=${encodeURIComponent(stream)}`);
  return SessionList.parse(await expectStatus(res, 200, 'sessions')).data;
}

/** A webhook receiver subscribed to `events` on `api`, with parsed events at hand. */
export interface Hooks {
  readonly receiver: WebhookReceiver;
  /** Parsed events of one type for one app (and stream, when given), in arrival order. */
  of(type: WebhookEventType, app: string, stream?: string): WebhookEvent[];
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and subscribes it to `events`. */
export async function subscribe(api: PublicApi, events: readonly WebhookEventType[]): Promise<Hooks> {
  const receiver = await startWebhookReceiver();
  try {
    const res = await call(api, 'POST', '/v1/webhooks', { url: receiver.url, events });
    receiver.secret = CreatedWebhook.parse(await expectStatus(res, 201, 'webhook')).secret;
  } catch (err) {
    await receiver.close();
    throw err;
  }
  return {
    receiver,
    of(type, app, stream) {
      const seen = new Set<string>();
      const out: WebhookEvent[] = [];
      for (const r of receiver.received) {
        const parsed = WebhookEvent.safeParse(JSON.parse(r.body));
        if (!parsed.success || parsed.data.type !== type || seen.has(parsed.data.id)) continue;
        const data = parsed.data.data as { app?: string; stream?: string };
        if (data.app !== app || (stream !== undefined && data.stream !== stream)) continue;
        seen.add(parsed.data.id);
        out.push(parsed.data);
      }
      return out;
    },
    close: () => receiver.close(),
  };
}

/** Test-speed webhook retries for startStack's apiOptions. */
export const FAST_WEBHOOKS = { retry: { baseDelayMs: 50, maxDelayMs: 500 } } as const;

/** Milliseconds since the epoch of an event's createdAt. */
export const createdAtMs = (e: WebhookEvent): number => Date.parse(e.createdAt);

/** Polls over `windowMs` and returns the largest value `count` gave: for "exactly one, and no more later". */
export async function settledCount(count: () => number | Promise<number>, windowMs: number): Promise<number> {
  const end = Date.now() + windowMs;
  let max = await count();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    max = Math.max(max, await count());
  }
  return max;
}
