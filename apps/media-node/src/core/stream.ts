import { CachedItem } from './cached-item.ts';
import type { AudioConfig, MediaFrame, StreamMetadata, VideoConfig } from './frame.ts';
import { GopCache, type GopCacheLimits } from './gop-cache.ts';
import type { OutputFormat, StreamConfig } from './output-format.ts';
import type { StreamLifecycle, StreamSourceKind } from './policy.ts';
import { Reader, type ReaderSink } from './reader.ts';
import { sameValue } from './same-value.ts';
import type { StreamKey } from './stream-key.ts';
import { Timeline } from './timeline.ts';

/** Fan-out tuning shared by all streams of a node. */
export interface StreamOptions {
  readonly gop: GopCacheLimits;
  /** A reader with more unsent bytes than this skips to the next keyframe. */
  readonly readerQueueBytes: number;
  /** Longest time an audio frame waits to be merged with the next video frame into one write. */
  readonly maxFlushDelayMs: number;
  /**
   * At or above `readers` readers, frames are written every `intervalMs` instead of every video frame:
   * write calls, not bytes, dominate fan-out CPU, so large audiences trade a frame of latency for half the calls.
   */
  readonly mergeWrites?: { readonly readers: number; readonly intervalMs: number };
  /** A reader over its queue bound this long without draining is closed (0 or absent: never). */
  readonly readerStallTimeoutMs?: number;
}

/** Who feeds a stream; closing it disconnects the publisher or stops the pull. */
export interface StreamSource {
  readonly id: string;
  readonly protocol: string;
  close(reason: string): void;
}

interface FormatGroup {
  readonly format: OutputFormat;
  readonly readers: Set<Reader>;
}

/**
 * A live stream: one source, any number of readers. Frames are encoded once per output format and
 * written to readers in batches (one write per reader per video frame), sharing one Buffer.
 */
export class Stream {
  readonly key: StreamKey;
  readonly createdAt = Date.now();
  source: StreamSource | undefined;
  /** Who feeds it; a pulled stream is fed by the node itself. */
  sourceKind: StreamSourceKind = 'publisher';
  /** The lifecycle settings decided for it (its publisher's, or its first player's for a pull). */
  lifecycle: StreamLifecycle | undefined;
  /** Where a pulled stream comes from, to pull it again if the pull drops; may carry a secret, never logged. */
  pullUrl: string | undefined;
  /** Visible to players once its tracks are known (the first frame has arrived). */
  announced = false;
  /** The current config; its encodings are memoised, so joiners share them instead of re-encoding. */
  private config = new CachedItem(undefined, {}, false);
  private readonly gop: GopCache;
  private readonly timeline = new Timeline();
  /** The highest dts pushed so far: a config change mid-stream is stamped with it, never with 0. */
  private lastDts: number | undefined;
  private pending: CachedItem[] = [];
  private readonly groups = new Map<string, FormatGroup>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly options: StreamOptions;
  private closedReason: string | undefined;
  private totalReaders = 0;
  bytesIn = 0;
  /** Called when the reader count changes, for the no-viewer logic and reports. */
  onReadersChanged: ((stream: Stream) => void) | undefined;

  constructor(key: StreamKey, options: StreamOptions) {
    this.key = key;
    this.options = options;
    this.gop = new GopCache(options.gop);
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Why the stream was closed; undefined while it is open. */
  get closeReason(): string | undefined {
    return this.closedReason;
  }

  get currentConfig(): StreamConfig {
    return this.config.config ?? {};
  }

  setMetadata(metadata: StreamMetadata): void {
    // A returning publisher repeats its metadata: unchanged config is not sent to players again.
    if (sameValue(this.currentConfig.metadata, metadata)) return;
    this.updateConfig({ ...this.currentConfig, metadata });
  }

  setVideoConfig(video: VideoConfig): void {
    if (this.currentConfig.video?.record.equals(video.record)) return;
    this.updateConfig({ ...this.currentConfig, video });
  }

  setAudioConfig(audio: AudioConfig): void {
    if (this.currentConfig.audio?.record.equals(audio.record)) return;
    this.updateConfig({ ...this.currentConfig, audio });
  }

  pushFrame(frame: MediaFrame): void {
    if (this.closed) return;
    frame = this.timeline.map(frame);
    if (this.lastDts === undefined || frame.dts > this.lastDts) this.lastDts = frame.dts;
    this.bytesIn += frame.data.length;
    const sync = frame.kind === 'video' ? frame.keyframe : this.currentConfig.video === undefined;
    const item = new CachedItem(frame, undefined, sync);
    this.gop.push(item);
    this.pending.push(item);
    const merge = this.options.mergeWrites;
    if (merge && this.totalReaders >= merge.readers) {
      this.flushTimer ??= setTimeout(() => this.flush(), merge.intervalMs);
    } else if (frame.kind === 'video') {
      this.flush();
    } else {
      this.flushTimer ??= setTimeout(() => this.flush(), this.options.maxFlushDelayMs);
    }
  }

  /** The source is gone but the stream stays for a while: players keep what was sent and wait. */
  detachSource(): void {
    this.flush();
    this.source = undefined;
  }

  /**
   * A new source continues this stream: its timeline is shifted to follow on, joiners start at its
   * first keyframe, and current readers resume there (without the config again if it did not change).
   */
  takeOver(source: StreamSource): void {
    this.flush();
    this.source = source;
    this.timeline.takeover();
    this.gop.clear();
    for (const reader of this.readers()) {
      if (reader.needsSync) continue;
      reader.needsSync = true;
      reader.heldConfig = this.config;
    }
  }

  /**
   * Attaches a reader; it immediately gets `prefix` (the protocol's own preamble, e.g. the FLV file
   * header), config and the cached GOP in one write.
   */
  addReader(id: string, protocol: string, format: OutputFormat, sink: ReaderSink, prefix?: Buffer): Reader {
    if (this.closed) throw new Error(`stream closed: ${this.closedReason}`);
    let group = this.groups.get(format.id);
    if (!group) {
      group = { format, readers: new Set() };
      this.groups.set(format.id, group);
    }
    const reader = new Reader(id, protocol, format.id, sink);
    group.readers.add(reader);
    this.totalReaders++;
    const cached = this.gop.flushedItems();
    const parts = prefix ? [prefix] : [];
    if (cached.length > 0) {
      // Stamped with the GOP's first keyframe, so the joiner's timeline starts there, not at 0.
      parts.push(this.config.encodeConfigAt(format, cached[0]!.frame?.dts ?? 0));
      for (const item of cached) parts.push(item.encode(format));
      reader.needsSync = false;
    }
    if (parts.length > 0) reader.sendParts(parts);
    this.onReadersChanged?.(this);
    return reader;
  }

  removeReader(reader: Reader): void {
    if (reader.detached) return;
    reader.detached = true;
    const group = this.groups.get(reader.formatId);
    if (!group?.readers.delete(reader)) return;
    this.totalReaders--;
    if (group.readers.size === 0) this.groups.delete(reader.formatId);
    this.onReadersChanged?.(this);
  }

  readerCount(): number {
    return this.totalReaders;
  }

  readerCountsByProtocol(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const g of this.groups.values()) {
      for (const r of g.readers) counts[r.protocol] = (counts[r.protocol] ?? 0) + 1;
    }
    return counts;
  }

  readers(): Reader[] {
    return [...this.groups.values()].flatMap((g) => [...g.readers]);
  }

  /** Closes every reader and the source; idempotent. */
  close(reason: string): void {
    if (this.closed) return;
    this.closedReason = reason;
    clearTimeout(this.flushTimer);
    this.pending = [];
    this.gop.clear();
    for (const reader of this.readers()) {
      reader.detached = true;
      reader.sink.close(reason);
    }
    this.groups.clear();
    this.totalReaders = 0;
    this.source?.close(reason);
  }

  private updateConfig(next: StreamConfig): void {
    this.config = new CachedItem(undefined, next, false);
    // Where it sits in the stream: after the last frame pushed; flush lowers it to the next frame's dts.
    this.config.timestamp = this.lastDts ?? 0;
    if (this.closed) return;
    this.pending.push(this.config);
  }

  /** Writes everything pending as one batch per format; readers out of sync resume at a keyframe. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    let hasConfig = false;
    for (const item of items) {
      item.flushed = true;
      if (item.frame === undefined) hasConfig = true;
    }
    if (hasConfig) capConfigTimestamps(items);
    const syncIndex = items.findIndex((i) => i.sync);
    const syncDts = items[syncIndex]?.frame?.dts ?? 0;
    for (const { format, readers } of this.groups.values()) {
      const encoded = items.map((i) => i.encode(format));
      const batch = encoded.length === 1 ? encoded[0]! : Buffer.concat(encoded);
      let syncOffset = -1;
      if (syncIndex >= 0) {
        syncOffset = 0;
        for (let i = 0; i < syncIndex; i++) syncOffset += encoded[i]!.length;
      }
      for (const reader of readers) this.deliver(reader, format, batch, syncOffset, syncDts);
    }
  }

  private deliver(
    reader: Reader,
    format: OutputFormat,
    batch: Buffer,
    syncOffset: number,
    syncDts: number,
  ): void {
    const limit = this.options.readerQueueBytes;
    if (!reader.needsSync) {
      if (reader.sink.bufferedBytes() <= limit) {
        reader.send(batch);
        return;
      }
      // Too far behind: drop the rest of this group of pictures and resume on a later keyframe.
      reader.needsSync = true;
      reader.stats.droppedGroups++;
      reader.stalledSince ??= Date.now();
      return;
    }
    if (reader.sink.bufferedBytes() > limit) {
      this.closeIfStalled(reader);
      return;
    }
    reader.stalledSince = undefined;
    if (syncOffset < 0) return;
    const rest = batch.subarray(syncOffset);
    if (reader.heldConfig === this.config) reader.sendParts([rest]);
    else reader.sendParts([this.config.encodeConfigAt(format, syncDts), rest]);
    reader.needsSync = false;
    reader.heldConfig = undefined;
  }

  /** A peer that has not drained its queue for `readerStallTimeoutMs` is dead or hopeless: free its session. */
  private closeIfStalled(reader: Reader): void {
    const timeoutMs = this.options.readerStallTimeoutMs ?? 0;
    const now = Date.now();
    reader.stalledSince ??= now;
    if (timeoutMs <= 0 || now - reader.stalledSince < timeoutMs) return;
    this.removeReader(reader);
    reader.sink.close(
      `reader stalled: over its ${this.options.readerQueueBytes}-byte queue for ${timeoutMs} ms`,
    );
  }
}

/** A config in a batch must not be stamped later than the frame after it (tracks may interleave out of order). */
function capConfigTimestamps(items: readonly CachedItem[]): void {
  let next = Number.POSITIVE_INFINITY;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.frame) next = item.frame.dts;
    else if (item.timestamp > next) item.timestamp = next;
  }
}
