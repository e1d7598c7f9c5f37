import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDecisionServer } from '../../../test/decision-server.ts';
import { pinnedFetch } from '../net/pinned-fetch.node.ts';
import { type AskDeps, askDecisionUrl } from './ask-decision-url.ts';

const Reply = z.object({ action: z.enum(['close', 'keep']) });
const question = { type: 'stream.no_viewers', data: { app: 'live', stream: 'cam' } } as const;
const URL_OK = 'https://decide.example.com/hook';

/** A fetch that records its calls and answers with `respond`. */
function fakeFetch(respond: (init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(init ?? {});
  }) as typeof fetch;
  return { fn, calls };
}

const ask = (deps: AskDeps, over: { url?: string; timeoutMs?: number } = {}) =>
  askDecisionUrl({ url: over.url ?? URL_OK, timeoutMs: over.timeoutMs ?? 500, question, reply: Reply }, deps);

// Resolves when aborted, like a real fetch whose peer never answers.
const never = (init: RequestInit) =>
  new Promise<Response>((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
  });

describe('askDecisionUrl', () => {
  it('POSTs `{ type, data }` as JSON, refusing redirects, and returns the parsed reply', async () => {
    const f = fakeFetch(() => Response.json({ action: 'close', extra: 1 }));
    const answer = await ask({ allowPrivate: false, fetch: f.fn });
    expect(answer).toMatchObject({ ok: true, value: { action: 'close' } });
    expect(f.calls).toHaveLength(1);
    const { url, init } = f.calls[0]!;
    expect(url).toBe(URL_OK);
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('manual');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ type: 'stream.no_viewers', data: question.data });
  });

  it.each([
    ['an invalid reply', () => Response.json({ action: 'maybe' }), /invalid reply: 'action'/],
    ['a reply that is not JSON', () => new Response('close'), /not JSON/],
    ['an error status', () => new Response('{}', { status: 500 }), /answered 500/],
    [
      'a redirect',
      () => new Response(null, { status: 307, headers: { location: 'http://10.0.0.1/' } }),
      /redirects/,
    ],
    ['a reply too large', () => new Response(`{"action":"keep","p":"${'x'.repeat(20_000)}"}`), /exceeds/],
    [
      'a network failure',
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })),
      /ECONNREFUSED/,
    ],
  ])('answers not ok on %s', async (_what, respond, reason) => {
    const answer = await ask({ allowPrivate: false, fetch: fakeFetch(respond).fn });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.reason).toMatch(reason);
  });

  it('gives up after timeoutMs and aborts the request', async () => {
    let signal: AbortSignal | undefined;
    const f = fakeFetch((init) => {
      signal = init.signal ?? undefined;
      return never(init);
    });
    const started = performance.now();
    const answer = await ask({ allowPrivate: false, fetch: f.fn }, { timeoutMs: 100 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(answer).toMatchObject({ ok: false, reason: 'timed out after 100 ms' });
    expect(signal?.aborted).toBe(true);
  });

  it('the timeout also bounds a slow target check', async () => {
    const f = fakeFetch(() => Response.json({ action: 'keep' }));
    let checked: () => void = () => {};
    const slowCheck = () =>
      new Promise<void>((resolve) => {
        checked = resolve;
      });
    const answer = await ask({ allowPrivate: false, fetch: f.fn, checkTarget: slowCheck }, { timeoutMs: 80 });
    expect(answer).toMatchObject({ ok: false, reason: 'timed out after 80 ms' });
    // The check finishing late must not send the question after all.
    checked();
    await new Promise(setImmediate);
    expect(f.calls).toEqual([]);
  });

  it('a refusing target check means no request', async () => {
    const f = fakeFetch(() => Response.json({ action: 'keep' }));
    const checkTarget = async (url: URL) => {
      throw new Error(`refused: ${url.hostname} resolves to 10.0.0.1`);
    };
    const answer = await ask({ allowPrivate: false, fetch: f.fn, checkTarget });
    expect(answer).toMatchObject({ ok: false, reason: 'refused: decide.example.com resolves to 10.0.0.1' });
    expect(f.calls).toEqual([]);
  });

  it.each([
    ['http://127.0.0.1:8080/x', /decision URL refused: host is a loopback address/],
    ['http://192.168.0.2/x', /private/],
    ['ftp://example.com/x', /scheme 'ftp'/],
    ['https://user:pw@example.com/x', /credentials/],
  ])('refuses %s without a request, unless private hosts are allowed', async (url, reason) => {
    const f = fakeFetch(() => Response.json({ action: 'keep' }));
    const answer = await ask({ allowPrivate: false, fetch: f.fn }, { url });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.reason).toMatch(reason);
    expect(f.calls).toEqual([]);
  });

  it('reaches loopback when private hosts are allowed', async () => {
    const f = fakeFetch(() => Response.json({ action: 'keep' }));
    const answer = await ask({ allowPrivate: true, fetch: f.fn }, { url: 'http://127.0.0.1:8080/x' });
    expect(answer).toMatchObject({ ok: true, value: { action: 'keep' } });
  });

  it('never puts the URL in a reason', async () => {
    const secretUrl = 'https://decide.example.com/hook?key=very-secret-key';
    const f = fakeFetch(() => new Response('nope', { status: 403 }));
    const answer = await ask({ allowPrivate: false, fetch: f.fn }, { url: secretUrl });
    expect(JSON.stringify(answer)).not.toContain('very-secret-key');
  });

  it('with the Node pinned fetch, a public-looking name resolving to loopback is refused at connect time', async () => {
    const decider = await startDecisionServer();
    try {
      decider.respond = () => ({ status: 200, body: { action: 'close' } });
      const port = new URL(decider.url).port;
      const url = `http://decide.pinned.invalid:${port}/decide`;
      // The name passes the URL checks; only the connect-time lookup sees where it points.
      const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
      const strict = await ask(
        { allowPrivate: false, fetch: pinnedFetch({ allowPrivate: false, resolve }) },
        { url },
      );
      expect(strict).toMatchObject({
        ok: false,
        reason: 'refused: decide.pinned.invalid resolves to 127.0.0.1, which is a loopback address',
      });
      expect(decider.received).toEqual([]);
      const allowed = await ask(
        { allowPrivate: true, fetch: pinnedFetch({ allowPrivate: true, resolve }) },
        { url },
      );
      expect(allowed).toMatchObject({ ok: true, value: { action: 'close' } });
      expect(decider.received.map((q) => q.headers.host)).toEqual([`decide.pinned.invalid:${port}`]);
    } finally {
      await decider.close();
    }
  });
});
