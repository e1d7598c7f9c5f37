import type { Logger } from '../log.ts';
import type { NoViewersDecision, NoViewersReport } from './policy.ts';
import type { Stream } from './stream.ts';

/** What the watch needs: where to report, and how to close the stream when told to. */
export interface NoViewerWatchDeps {
  readonly noViewers: (report: NoViewersReport) => Promise<NoViewersDecision>;
  readonly close: (stream: Stream, reason: string) => void;
  readonly log: Logger;
  readonly now?: () => number;
}

/**
 * Reports a stream that has had no readers (all protocols) for `delayMs`, then again every `delayMs`
 * while it is kept and still unwatched. A reader joining cancels; the last one leaving re-arms.
 * At most one report is in flight; an answer that arrives after a reader came is ignored.
 */
export class NoViewerWatch {
  private readonly stream: Stream;
  readonly delayMs: number;
  private readonly deps: NoViewerWatchDeps;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  /** When the stream last became unwatched (or started, if it never had a reader). */
  private idle: number | undefined;
  /** Bumped whenever a reader joins, so a report about an earlier idle spell is not acted on. */
  private epoch = 0;
  private inFlight = false;
  /** The timer fired while a report was in flight: report as soon as it is answered. */
  private due = false;
  private stopped = false;

  /** `idleSince`: the stream has been unwatched since then already (a previous watch's count goes on). */
  constructor(stream: Stream, delayMs: number, deps: NoViewerWatchDeps, idleSince?: number) {
    this.stream = stream;
    this.delayMs = delayMs;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    if (idleSince === undefined || stream.readerCount() > 0) {
      this.readersChanged();
      return;
    }
    this.idle = idleSince;
    this.arm(Math.max(0, idleSince + delayMs - this.now()));
  }

  /** Since when the stream has had no readers; undefined while watched or once stopped. */
  get idleSince(): number | undefined {
    return this.stopped ? undefined : this.idle;
  }

  /** Call whenever the stream's reader count changes. */
  readersChanged(): void {
    if (this.stopped) return;
    if (this.stream.readerCount() > 0) {
      if (this.idle === undefined) return;
      this.idle = undefined;
      this.epoch++;
      this.due = false;
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.idle !== undefined) return;
    this.idle = this.now();
    this.arm();
  }

  /** The stream ended: no more reports. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms = this.delayMs): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped || this.idle === undefined) return;
    if (this.inFlight) {
      this.due = true;
      return;
    }
    const epoch = this.epoch;
    const { vhost, app, stream } = this.stream.key;
    const idleMs = Math.max(0, Math.round(this.now() - this.idle));
    this.inFlight = true;
    this.deps
      .noViewers({ vhost, app, stream, idleMs, source: this.stream.sourceKind })
      .catch((err: unknown): NoViewersDecision => {
        this.deps.log.warn('no-viewers report failed: keeping the stream', { reason: String(err) });
        return { action: 'keep' };
      })
      .then((decision) => this.answered(decision, epoch, idleMs));
  }

  private answered(decision: NoViewersDecision, epoch: number, idleMs: number): void {
    this.inFlight = false;
    if (this.stopped || this.idle === undefined) return;
    if (this.due) {
      this.due = false;
      this.fire();
      return;
    }
    if (epoch !== this.epoch) {
      // A reader came and went while we asked: the answer was about an earlier idle spell.
      if (this.timer === undefined) this.arm();
      return;
    }
    if (decision.action === 'close') {
      this.stop();
      this.deps.log.info('closing unwatched stream', { idleMs });
      this.deps.close(this.stream, `no viewers for ${idleMs} ms`);
      return;
    }
    this.arm();
  }
}
