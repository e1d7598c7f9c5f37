/** Closed: requests flow. Open: fail fast. Half-open: one probe decides. */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long to fail fast before letting one probe through. */
  cooldownMs: number;
  now: () => number;
  onStateChange?: (state: BreakerState, failures: number) => void;
}

/**
 * A circuit breaker for calls to the control API: when it is down, callers stop paying the full
 * timeout each time, and one probe per cooldown finds out when it is back.
 */
export class CircuitBreaker {
  readonly #opts: BreakerOptions;
  #failures = 0;
  #open = false;
  #openedAt = 0;
  #probing = false;

  constructor(opts: BreakerOptions) {
    this.#opts = opts;
  }

  get state(): BreakerState {
    if (!this.#open) return 'closed';
    return this.#probing || this.#cooled() ? 'half-open' : 'open';
  }

  /** Whether a request may go out now; in half-open, only the first caller gets to probe. */
  tryAcquire(): boolean {
    if (!this.#open) return true;
    if (this.#probing || !this.#cooled()) return false;
    this.#probing = true;
    return true;
  }

  /** The API answered: close. */
  success(): void {
    const wasOpen = this.#open;
    this.#failures = 0;
    this.#open = false;
    this.#probing = false;
    if (wasOpen) this.#opts.onStateChange?.('closed', 0);
  }

  /** The API could not be reached in time. */
  failure(): void {
    this.#failures++;
    if (this.#probing || (!this.#open && this.#failures >= this.#opts.failureThreshold)) {
      this.#probing = false;
      this.#open = true;
      this.#openedAt = this.#opts.now();
      this.#opts.onStateChange?.('open', this.#failures);
    }
  }

  #cooled(): boolean {
    return this.#opts.now() - this.#openedAt >= this.#opts.cooldownMs;
  }
}
