// HTTP-FLV players for the lifecycle bench: held (one request) or retrying every N ms, with gap tracking.
import type { Socket } from 'node:net';
import { startFlvPlayer } from '../fanout/flv-player.ts';
import { PlayerStats, VideoKind } from '../fanout/player-stats.ts';

/** Player stats that also remember the first keyframe's arrival and the longest video gap after a mark. */
class TrackedStats extends PlayerStats {
  /** performance.now() of the first keyframe, NaN before it. */
  firstKeyAt = Number.NaN;
  /** Gaps ending at or after this performance.now() count toward `maxGap`. */
  markAt = Number.POSITIVE_INFINITY;
  maxGap = 0;
  framesAfterMark = 0;
  backwards = 0;
  #lastTs = -1;

  override onVideo(now: number, ts: number, kind: VideoKind): void {
    const prev = this.lastArrival;
    super.onVideo(now, ts, kind);
    if (this.ttffMs < 0 || kind === VideoKind.Other) return;
    if (Number.isNaN(this.firstKeyAt)) this.firstKeyAt = now;
    if (now >= this.markAt) {
      this.framesAfterMark++;
      if (prev >= 0) this.maxGap = Math.max(this.maxGap, now - prev);
    }
    if (this.#lastTs >= 0 && ts < this.#lastTs) this.backwards++;
    this.#lastTs = ts;
  }

  /** A new connection starts a new timeline: "backwards" is counted within one connection only. */
  newConnection(): void {
    this.#lastTs = -1;
    this.closed = false;
    this.error = null;
  }
}

/**
 * One HTTP-FLV player. `retryMs` null: a single request (a player the node holds). A number: whenever the
 * response ends (404, or the stream closed) it asks again after that many ms, as players without a hold do.
 */
export class BenchPlayer {
  readonly stats = new TrackedStats(performance.now());
  requests = 0;
  readonly #url: URL;
  readonly #retryMs: number | null;
  #socket: Socket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(url: URL, retryMs: number | null) {
    this.#url = url;
    this.#retryMs = retryMs;
  }

  /** Starts the first request after `delayMs`. */
  start(delayMs = 0): void {
    this.#timer = setTimeout(() => this.#attempt(), delayMs);
  }

  /** Epoch ms of the first keyframe, NaN if none yet. */
  get firstKeyframeAt(): number {
    return performance.timeOrigin + this.stats.firstKeyAt;
  }

  /** From now on, measure the longest gap between video frames. */
  mark(): void {
    this.stats.markAt = performance.now();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.destroy();
  }

  #attempt(): void {
    if (this.#stopped) return;
    this.requests++;
    this.stats.newConnection();
    this.#socket = startFlvPlayer(this.#url, this.stats, () => {
      if (this.#stopped || this.#retryMs === null) return;
      this.#timer = setTimeout(() => this.#attempt(), this.#retryMs);
    });
  }
}
