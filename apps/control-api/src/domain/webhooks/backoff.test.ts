import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetryAt, type RetryPolicy, retryDelayMs } from './backoff.ts';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, retryForMs: 3_600_000 };
const almostOne = () => 0.999_999;

describe('retryDelayMs (full jitter)', () => {
  it.each([
    [1, 999],
    [2, 1999],
    [3, 3999],
    [6, 31_999],
    [7, 59_999], // 64 s ceiling capped at 60 s
    [50, 59_999], // no overflow far out
  ])('attempt %i with random→1 waits just under the ceiling (%i ms)', (attempt, expected) => {
    expect(retryDelayMs(attempt, policy, almostOne)).toBe(expected);
  });

  it('scales the ceiling by the random draw', () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, policy, () => 0.25)).toBe(1000);
  });

  it('treats attempt 0 or less like the first', () => {
    expect(retryDelayMs(0, policy, () => 0.5)).toBe(500);
    expect(retryDelayMs(-3, policy, () => 0.5)).toBe(500);
  });

  it('defaults to 5 s doubling up to 1 h, retried for 24 h', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      baseDelayMs: 5000,
      maxDelayMs: 3_600_000,
      retryForMs: 86_400_000,
    });
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, almostOne)).toBe(4999);
    expect(retryDelayMs(20, DEFAULT_RETRY_POLICY, almostOne)).toBe(3_599_996);
  });

  it('keeps retrying for at least 24 h: the schedule with maximal delays still has attempts past a day', () => {
    const created = new Date(0);
    let now = created;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextRetryAt(attempts, created, now, DEFAULT_RETRY_POLICY, almostOne);
      if (next === undefined) break;
      now = next;
    }
    expect(now.getTime()).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.retryForMs);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});

describe('nextRetryAt', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const at = (ms: number) => new Date(created.getTime() + ms);

  it('schedules after the delay while inside the retry window', () => {
    expect(nextRetryAt(2, created, at(10_000), policy, () => 0.5)).toEqual(at(11_000));
  });

  it('gives up once the window since the event has passed', () => {
    expect(nextRetryAt(9, created, at(3_599_999), policy, () => 0.5)).toEqual(at(3_599_999 + 30_000));
    expect(nextRetryAt(9, created, at(3_600_000), policy, () => 0.5)).toBeUndefined();
  });
});
