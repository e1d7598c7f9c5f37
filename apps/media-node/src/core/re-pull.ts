import type { Logger } from '../log.ts';
import type { PullFeed, PullStarter } from './pull.ts';
import type { Stream, StreamSource } from './stream.ts';

/** Delay before the first attempt; each failed one doubles it, up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2000;

/** What a re-pull needs: the orphaned stream, where it came from, and what to tell the owner. */
export interface RePullDeps {
  readonly stream: Stream;
  readonly url: string;
  readonly pulls: PullStarter;
  /** What is left of the stream's orphan window: an attempt may wait that long for its first data. */
  readonly remainingMs: () => number;
  /** An attempt delivered its first frame: the stream has a source again. */
  readonly recovered: (source: StreamSource) => void;
  /** An attempt that had recovered the stream ended later: a new drop of `source`. */
  readonly ended: (source: StreamSource, reason: string) => void;
  readonly log: Logger;
}

/** One pull attempt; `source` is set once the starter returned it. */
interface Attempt {
  source: StreamSource | undefined;
}

/**
 * Pulls an orphaned pulled stream again from its URL, with backoff, until an attempt delivers a
 * frame or the owner stops it (a publisher took over, the window ended, the stream was closed).
 * Each attempt takes the stream over before its first frame, so players' timestamps go on.
 */
export class RePull {
  private readonly deps: RePullDeps;
  private delayMs = FIRST_DELAY_MS;
  private timer: NodeJS.Timeout | undefined;
  private current: Attempt | undefined;
  private stopped = false;
  /** Attempts started so far. */
  attempts = 0;

  constructor(deps: RePullDeps) {
    this.deps = deps;
    this.schedule();
  }

  /** No more attempts; `reason` also closes the attempt in progress (a publisher takes over from it). */
  stop(reason?: string): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const source = this.current?.source;
    this.current = undefined;
    if (reason !== undefined) source?.close(reason);
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
    this.timer = setTimeout(() => this.attempt(), delay);
  }

  private attempt(): void {
    this.timer = undefined;
    const { stream, log } = this.deps;
    if (this.stopped || stream.closed) return;
    const attempt: Attempt = { source: undefined };
    let recovered = false;
    const feed: PullFeed = {
      stream,
      firstDataWithinMs: Math.max(0, this.deps.remainingMs()),
      ready: () => {
        if (this.current !== attempt || attempt.source === undefined) return;
        recovered = true;
        this.stop();
        log.info('pull resumed', { attempt: this.attempts });
        this.deps.recovered(attempt.source);
      },
      ended: (reason) => {
        if (recovered && attempt.source) this.deps.ended(attempt.source, reason);
        else if (this.current === attempt) this.failed(reason);
      },
    };
    this.current = attempt;
    this.attempts++;
    try {
      attempt.source = this.deps.pulls(this.deps.url, feed, log);
    } catch (err) {
      this.failed(err instanceof Error ? err.message : String(err));
      return;
    }
    // It ended while starting: that was reported already; just drop it.
    if (this.current !== attempt) {
      attempt.source.close('pull attempt already ended');
      return;
    }
    // Before any frame of it: the timeline shift and the players' resync apply to what it sends.
    stream.takeOver(attempt.source);
  }

  /** The attempt ended before its first frame: try again later, within the same orphan window. */
  private failed(reason: string): void {
    this.current = undefined;
    this.deps.stream.detachSource();
    this.deps.log.info('pull attempt failed: retrying', { attempt: this.attempts, reason });
    this.schedule();
  }
}
