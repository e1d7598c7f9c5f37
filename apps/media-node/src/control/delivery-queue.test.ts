import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from './delivery-queue.ts';
import type { CallOutcome } from './http.ts';

const silent = { info() {}, warn() {}, error() {} };

// A send() whose calls the test answers one by one.
function scriptedSend() {
  const calls: { path: string; body: unknown; answer: (o: CallOutcome) => void }[] = [];
  let notify: (() => void) | undefined;
  const send = (path: string, body: unknown) =>
    new Promise<CallOutcome>((answer) => {
      calls.push({ path, body, answer });
      notify?.();
    });
  // Resolves once the n-th call (1-based) has been made.
  const call = async (n: number) => {
    while (calls.length < n) {
      await new Promise<void>((resolve) => {
        notify = resolve;
      });
    }
    return calls[n - 1]!;
  };
  return { send, calls, call };
}

const OK: CallOutcome = { kind: 'ok', body: {} };
const DOWN: CallOutcome = { kind: 'unavailable', reason: 'ECONNREFUSED' };

function queue(send: (p: string, b: unknown) => Promise<CallOutcome>, maxItems = 100) {
  return new DeliveryQueue({ send, maxItems, baseDelayMs: 1, maxDelayMs: 2, log: silent });
}

describe('DeliveryQueue', () => {
  it('sends one at a time, in order', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    q.push({ key: 'a', path: '/e', body: 1 });
    q.push({ key: 'b', path: '/e', body: 2 });
    q.push({ key: 'c', path: '/e', body: 3 });
    (await s.call(1)).answer(OK);
    (await s.call(2)).answer(OK);
    (await s.call(3)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual([1, 2, 3]);
  });

  it('retries an unavailable delivery before moving on', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    q.push({ key: 'a', path: '/e', body: 'first' });
    q.push({ key: 'b', path: '/e', body: 'second' });
    (await s.call(1)).answer(DOWN);
    (await s.call(2)).answer(DOWN);
    (await s.call(3)).answer(OK);
    (await s.call(4)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual(['first', 'first', 'first', 'second']);
  });

  it('a newer job for the same key replaces a queued one and stops retries of the one in flight', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    const settled: [string, boolean][] = [];
    const push = (key: string, body: string) =>
      q.push({ key, path: '/e', body, settle: (d) => settled.push([body, d]) });
    push('a', 'a1');
    const first = await s.call(1);
    push('a', 'a2');
    push('b', 'b1');
    push('a', 'a3');
    first.answer(DOWN); // a1 is superseded: no retry.
    (await s.call(2)).answer(OK);
    (await s.call(3)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual(['a1', 'b1', 'a3']);
    expect(settled).toEqual([
      ['a2', false],
      ['a1', false],
      ['b1', true],
      ['a3', true],
    ]);
  });

  it('a replacesAll job drops everything queued before it', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    q.push({ key: 'a', path: '/e', body: 'a' });
    const first = await s.call(1);
    q.push({ key: 'b', path: '/e', body: 'b' });
    q.push({ key: undefined, path: '/register', body: 'reg', replacesAll: true });
    q.push({ key: 'c', path: '/e', body: 'c' });
    first.answer(OK);
    (await s.call(2)).answer(OK);
    (await s.call(3)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual(['a', 'reg', 'c']);
  });

  it('drops a rejected job instead of blocking the queue', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    let delivered: boolean | undefined;
    q.push({
      key: 'a',
      path: '/e',
      body: 'bad',
      settle: (d) => {
        delivered = d;
      },
    });
    q.push({ key: 'b', path: '/e', body: 'good' });
    (await s.call(1)).answer({ kind: 'rejected', status: 400, code: 'BAD_REQUEST', message: 'no' });
    (await s.call(2)).answer(OK);
    await q.idle();
    expect(delivered).toBe(false);
    expect(s.calls).toHaveLength(2);
  });

  it('is bounded: past maxItems the oldest queued job goes', async () => {
    const s = scriptedSend();
    const q = queue(s.send, 2);
    q.push({ key: 'a', path: '/e', body: 'a' });
    const first = await s.call(1); // 'a' is in flight, not queued.
    q.push({ key: 'b', path: '/e', body: 'b' });
    q.push({ key: 'c', path: '/e', body: 'c' });
    q.push({ key: 'd', path: '/e', body: 'd' });
    expect(q.size).toBe(3);
    first.answer(OK);
    (await s.call(2)).answer(OK);
    (await s.call(3)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual(['a', 'c', 'd']);
  });

  it('close() drops queued jobs, stops retrying and refuses new ones', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    const settled: boolean[] = [];
    q.push({ key: 'a', path: '/e', body: 'a', settle: (d) => settled.push(d) });
    q.push({ key: 'b', path: '/e', body: 'b', settle: (d) => settled.push(d) });
    const first = await s.call(1);
    const closing = q.close();
    first.answer(DOWN);
    await closing;
    q.push({ key: 'c', path: '/e', body: 'c', settle: (d) => settled.push(d) });
    expect(settled).toEqual([false, false, false]);
    expect(q.size).toBe(0);
    expect(s.calls).toHaveLength(1);
  });

  it('restarts delivery for a job pushed after the queue went idle', async () => {
    const s = scriptedSend();
    const q = queue(s.send);
    q.push({ key: 'a', path: '/e', body: 'a' });
    (await s.call(1)).answer(OK);
    await q.idle();
    q.push({ key: 'b', path: '/e', body: 'b' });
    (await s.call(2)).answer(OK);
    await q.idle();
    expect(s.calls.map((c) => c.body)).toEqual(['a', 'b']);
  });
});
