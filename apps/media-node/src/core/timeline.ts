import type { MediaFrame } from './frame.ts';

type Track = MediaFrame['kind'];

/**
 * Keeps a stream's timestamps monotonic when a new source takes it over: the new source's first
 * frame lands after the last frame players saw (by the wall-clock gap between them, at least 1 ms),
 * and each later frame of it is shifted by the same offset, so audio/video sync and B-frame
 * composition offsets (pts - dts) are kept.
 */
export class Timeline {
  private offset = 0;
  private shifting = false;
  private rebasePending = false;
  private lastDts: number | undefined;
  private lastAt = 0;
  private readonly lastByTrack: Record<Track, number> = { audio: -1, video: -1 };
  /** Per track, the last dts of the previous source: a shifted frame never goes below it. */
  private floor: Record<Track, number> = { audio: -1, video: -1 };
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** The next frame comes from a new source with a timeline of its own. */
  takeover(): void {
    if (this.lastDts === undefined) return;
    this.rebasePending = true;
    this.floor = { ...this.lastByTrack };
  }

  /** The frame as players get it: a new object when shifted, never the (shared) input mutated. */
  map(frame: MediaFrame): MediaFrame {
    const at = this.now();
    if (this.rebasePending && this.lastDts !== undefined) {
      this.rebasePending = false;
      this.shifting = true;
      this.offset = this.lastDts + Math.max(1, at - this.lastAt) - frame.dts;
    }
    let out = frame;
    if (this.shifting) {
      // A track that starts earlier than the other in the new source must not step back either.
      const floor = this.floor[frame.kind];
      if (frame.dts + this.offset < floor) this.offset = floor - frame.dts;
      if (this.offset !== 0) out = { ...frame, dts: frame.dts + this.offset, pts: frame.pts + this.offset };
    }
    this.lastDts = this.lastDts === undefined ? out.dts : Math.max(this.lastDts, out.dts);
    this.lastByTrack[out.kind] = out.dts;
    this.lastAt = at;
    return out;
  }
}
