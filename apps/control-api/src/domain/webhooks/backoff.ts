/** When to retry a failed delivery and when to give up. */
export interface RetryPolicy {
  /** Ceiling of the first retry's delay; each later attempt doubles it. */
  readonly baseDelayMs: number;
  /** No delay ceiling grows past this. */
  readonly maxDelayMs: number;
  /** Retries continue until at least this long after the event, then the delivery is marked failed. */
  readonly retryForMs: number;
}

/** 5 s doubling to 1 h, for 24 h. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  retryForMs: 86_400_000,
};

/**
 * Delay before retrying after failed attempt number `attempt` (1-based): "full jitter", uniform in
 * [0, min(max, base * 2^(attempt-1))), so receivers that come back are not hit by every sender at once.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** After failed attempt `attempt` at `now`: when to try again, or undefined to give up. */
export function nextRetryAt(
  attempt: number,
  eventCreatedAt: Date,
  now: Date,
  policy: RetryPolicy,
  random: () => number,
): Date | undefined {
  if (now.getTime() - eventCreatedAt.getTime() >= policy.retryForMs) return undefined;
  return new Date(now.getTime() + retryDelayMs(attempt, policy, random));
}
