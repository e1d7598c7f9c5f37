import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ErrorBody, type ErrorCode } from '@mediaplane/protocol';

/** How a call to the control API ended. */
export type CallOutcome =
  /** 2xx with a JSON body, still to be validated by the caller. */
  | { kind: 'ok'; body: unknown }
  /** The API answered 4xx: it is up but refused this request; retrying will not help. */
  | { kind: 'rejected'; status: number; code: ErrorCode | undefined; message: string }
  /** Unreachable, timed out, 5xx or 429: try again later. */
  | { kind: 'unavailable'; reason: string };

export interface CallOptions {
  timeoutMs: number;
  /** Aborts the call when the client closes. */
  signal: AbortSignal;
  nodeSecret?: string | undefined;
}

// One keep-alive pool for every call: node:http costs about half of fetch per request and, unlike
// AbortSignal.any() on a long-lived signal, leaves nothing behind for the GC to find per call.
const agent = new Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });

/** POSTs JSON to the control API and classifies the result; never throws. */
export function postJson(url: string, body: unknown, opts: CallOptions): Promise<CallOutcome> {
  return new Promise((resolve) => {
    if (opts.signal.aborted) return resolve({ kind: 'unavailable', reason: 'aborted' });
    const payload = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': payload.length,
    };
    if (opts.nodeSecret !== undefined) headers.authorization = `Bearer ${opts.nodeSecret}`;
    let settled = false;
    const finish = (outcome: CallOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const secure = url.startsWith('https:');
    const send = secure ? httpsRequest : request;
    const req = send(url, { method: 'POST', headers, agent: secure ? httpsAgent : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish({ kind: 'unavailable', reason: describe(err) }));
      res.on('end', () => finish(classify(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ kind: 'unavailable', reason: 'timed out' });
    }, opts.timeoutMs);
    const onAbort = (): void => {
      req.destroy();
      finish({ kind: 'unavailable', reason: 'aborted' });
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish({ kind: 'unavailable', reason: describe(err) }));
    req.end(payload);
  });
}

function classify(status: number, text: string): CallOutcome {
  if (status >= 500 || status === 429) return { kind: 'unavailable', reason: `HTTP ${status}` };
  const json = parseJson(text);
  if (status >= 400) {
    const err = ErrorBody.safeParse(json);
    return err.success
      ? { kind: 'rejected', status, code: err.data.error.code, message: err.data.error.message }
      : { kind: 'rejected', status, code: undefined, message: `HTTP ${status}` };
  }
  if (json === undefined) return { kind: 'unavailable', reason: `HTTP ${status} without a JSON body` };
  return { kind: 'ok', body: json };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  if (err.name === 'AbortError') return 'aborted';
  if ('code' in err && typeof err.code === 'string') return err.code;
  // undici reports network failures as "fetch failed" with the real reason in `cause`.
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = cause !== undefined && 'code' in cause ? String(cause.code) : undefined;
  return code ?? cause?.message ?? err.message;
}
