import { describe, expect, it } from 'vitest';
import { type BreakerState, CircuitBreaker } from './breaker.ts';
import { manualClock } from './testing/canned-server.ts';

function setup(failureThreshold = 3, cooldownMs = 1000) {
  const clock = manualClock(0);
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold,
    cooldownMs,
    now: clock.now,
    onStateChange: (s) => changes.push(s),
  });
  return { breaker, clock, changes };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker } = setup(3);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures and refuses until the cooldown ends', () => {
    const { breaker, clock, changes } = setup(3, 1000);
    for (let i = 0; i < 3; i++) breaker.failure();
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('lets exactly one probe through when half-open', () => {
    const { breaker, clock } = setup(1, 1000);
    breaker.failure();
    clock.advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.state).toBe('half-open');
  });

  it('a failed probe reopens for another full cooldown', () => {
    const { breaker, clock, changes } = setup(1, 1000);
    breaker.failure();
    clock.advance(1500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    clock.advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'open']);
  });

  it('a successful probe closes it', () => {
    const { breaker, clock, changes } = setup(1, 1000);
    breaker.failure();
    clock.advance(1000);
    breaker.tryAcquire();
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'closed']);
  });

  it('late failures while open do not extend the cooldown', () => {
    const { breaker, clock } = setup(1, 1000);
    breaker.failure();
    clock.advance(600);
    breaker.failure();
    clock.advance(400);
    expect(breaker.tryAcquire()).toBe(true);
  });
});
