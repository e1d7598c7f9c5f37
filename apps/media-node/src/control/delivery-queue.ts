import type { Logger } from '../log.ts';
import type { CallOutcome } from './http.ts';

/** The part of a logger the control client uses. */
export type ControlLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/** One message to deliver to the control API. */
export interface DeliveryJob {
  /** A newer job with the same key supersedes this one while it waits (e.g. one stream's state). */
  readonly key: string | undefined;
  readonly path: string;
  readonly body: unknown;
  /** This job carries the full state: everything queued before it is superseded. */
  readonly replacesAll?: boolean;
  /** Retries are not logged (periodic state such as heartbeats: the breaker already says the API is down). */
  readonly quiet?: boolean;
  /** Called once: true when the API accepted it, false when it was dropped. */
  readonly settle?: (delivered: boolean) => void;
}

export interface DeliveryQueueOptions {
  send(path: string, body: unknown): Promise<CallOutcome>;
  maxItems: number;
  baseDelayMs: number;
  maxDelayMs: number;
  log: ControlLog;
}

type Entry = DeliveryJob & { superseded: boolean };

/**
 * Delivers jobs one at a time, in order, retrying with capped exponential backoff while the API is
 * unavailable. Bounded: superseded jobs are dropped, and past `maxItems` the oldest goes.
 */
export class DeliveryQueue {
  readonly #opts: DeliveryQueueOptions;
  #items: Entry[] = [];
  #current: Entry | undefined;
  #loop: Promise<void> = Promise.resolve();
  #running = false;
  #closed = false;
  #wake: (() => void) | undefined;
  #idle: (() => void)[] = [];
  #dropped = 0;

  constructor(opts: DeliveryQueueOptions) {
    this.#opts = opts;
  }

  /** Jobs not yet delivered, including the one being sent. */
  get size(): number {
    return this.#items.length + (this.#current === undefined ? 0 : 1);
  }

  push(job: DeliveryJob): void {
    if (this.#closed) {
      job.settle?.(false);
      return;
    }
    const supersedes = (e: Entry) => job.replacesAll === true || (job.key !== undefined && e.key === job.key);
    this.#items = this.#items.filter((e) => {
      if (!supersedes(e)) return true;
      e.settle?.(false);
      return false;
    });
    if (this.#current !== undefined && supersedes(this.#current)) this.#current.superseded = true;
    if (this.#items.length >= this.#opts.maxItems) {
      this.#items.shift()?.settle?.(false);
      this.#dropped++;
      this.#opts.log.warn('control event queue full: dropped the oldest event', { dropped: this.#dropped });
    }
    this.#items.push({ ...job, superseded: false });
    if (!this.#running) {
      this.#running = true;
      this.#loop = this.#run();
    }
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops delivering; queued jobs are dropped. Resolves when the delivery loop has exited. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const e of this.#items) e.settle?.(false);
    this.#items = [];
    this.#wake?.();
    await this.#loop;
    this.#notifyIdle();
  }

  async #run(): Promise<void> {
    try {
      for (let job = this.#items.shift(); job !== undefined; job = this.#items.shift()) {
        this.#current = job;
        // Not `settle?.(await …)`: optional-call short-circuiting would skip the delivery itself.
        const delivered = await this.#deliver(job);
        job.settle?.(delivered);
        this.#current = undefined;
      }
    } finally {
      // Cleared in the same tick the queue was seen empty, so a later push always restarts the loop.
      this.#running = false;
      this.#current = undefined;
    }
    this.#notifyIdle();
  }

  async #deliver(job: Entry): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#opts.send(job.path, job.body);
      if (outcome.kind === 'ok') return true;
      if (outcome.kind === 'rejected') {
        // Retrying a request the API refuses would block every later event behind it.
        this.#opts.log.error('control API rejected an event; dropped', {
          path: job.path,
          status: outcome.status,
          code: outcome.code,
          message: outcome.message,
        });
        return false;
      }
      if (this.#closed || job.superseded) return false;
      if (!job.quiet && (attempt === 1 || attempt % 10 === 0)) {
        this.#opts.log.warn('control API unavailable; will retry event', {
          path: job.path,
          reason: outcome.reason,
          attempt,
        });
      }
      await this.#sleep(this.#backoff(attempt));
      if (this.#closed || job.superseded) return false;
    }
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#opts.maxDelayMs, this.#opts.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
    // Jitter spreads retries of many nodes after a shared outage.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  // A backoff wait that close() can cut short.
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  #notifyIdle(): void {
    if (this.size > 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const w of waiters) w();
  }
}
