// What one bench player records, shared by the HTTP-FLV and RTMP readers.

/** A video gap: more than this many ms between two video frames' arrival. */
export const GAP_MS = 500;

/** How a video tag/message classifies from its first two payload bytes (FLV video tag header, E-RTMP v1). */
export const VideoKind = { Frame: 0, KeyFrame: 1, Other: 2 } as const;
/** One of `VideoKind`. */
export type VideoKind = (typeof VideoKind)[keyof typeof VideoKind];

/** Classifies a video payload by its first bytes: config/sequence and command frames are `Other`. */
export function classifyVideo(b0: number, b1: number): VideoKind {
  let frameType: number;
  let coded: boolean;
  if (b0 & 0x80) {
    // Enhanced RTMP: IsExHeader | FrameType(3) | PacketType(4); 1 = CodedFrames, 3 = CodedFramesX.
    frameType = (b0 >> 4) & 7;
    const packetType = b0 & 0x0f;
    coded = packetType === 1 || packetType === 3;
  } else {
    // Legacy FLV: FrameType(4) | CodecID(4); AVC/HEVC carry a packet type, 1 = NALU (FLV spec E.4.3.1).
    frameType = b0 >> 4;
    const codec = b0 & 0x0f;
    coded = codec === 7 || codec === 12 ? b1 === 1 : true;
  }
  if (!coded || frameType === 5) return VideoKind.Other;
  return frameType === 1 ? VideoKind.KeyFrame : VideoKind.Frame;
}

/** Counters of one player; times are `performance.now()` ms. */
export class PlayerStats {
  readonly startedAt: number;
  connectedAt = -1;
  ttffMs = -1;
  videoFrames = 0;
  audioFrames = 0;
  gaps = 0;
  bytes = 0;
  lastArrival = -1;
  lastVideoTs = -1;
  error: string | null = null;
  closed = false;
  // Snapshot at the start of the measured window.
  windowAt = -1;
  windowTs = -1;
  windowGaps = 0;
  windowFrames = 0;

  constructor(now: number) {
    this.startedAt = now;
  }

  /** Records one video tag/message that arrived at `now` with media timestamp `ts` (ms). */
  onVideo(now: number, ts: number, kind: VideoKind): void {
    if (kind === VideoKind.Other) return;
    if (this.ttffMs < 0) {
      // Frames before the first keyframe are undecodable; they do not count as "first frame".
      if (kind !== VideoKind.KeyFrame) return;
      this.ttffMs = now - this.startedAt;
    }
    if (this.lastArrival >= 0 && now - this.lastArrival > GAP_MS) this.gaps++;
    this.lastArrival = now;
    this.lastVideoTs = ts;
    this.videoFrames++;
  }

  /** Marks the start of the steady-state window. */
  markWindow(now: number): void {
    this.windowAt = now;
    this.windowTs = this.lastVideoTs;
    this.windowGaps = this.gaps;
    this.windowFrames = this.videoFrames;
  }

  /** Result over the window ending at `now`; real-time means media time advanced ≥ 90 % of wall time. */
  windowResult(now: number): { frames: number; gaps: number; realtime: boolean; mediaRatio: number } {
    // A stall still running at the end of the window counts as a gap too.
    const openGap = this.lastArrival >= 0 && now - this.lastArrival > GAP_MS ? 1 : 0;
    const gaps = this.gaps - this.windowGaps + openGap;
    const wall = now - this.windowAt;
    const media = this.windowTs >= 0 && this.lastVideoTs >= 0 ? (this.lastVideoTs - this.windowTs) >>> 0 : 0;
    const mediaRatio = wall > 0 ? media / wall : 0;
    return { frames: this.videoFrames - this.windowFrames, gaps, realtime: mediaRatio >= 0.9, mediaRatio };
  }
}

/** The p-th percentile (0..100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
