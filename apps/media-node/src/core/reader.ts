import type { CachedItem } from './cached-item.ts';

/** Where a reader's bytes go: a socket, a WebSocket, an HTTP response. */
export interface ReaderSink {
  write(buf: Buffer): void;
  /** Writes several shared buffers as one (writev), so a joiner's GOP is never copied per reader. */
  writeParts(parts: readonly Buffer[]): void;
  /** Bytes accepted by write() but not yet handed to the kernel. */
  bufferedBytes(): number;
  close(reason: string): void;
}

/** Counters a reader exposes for the flow report. */
export interface ReaderStats {
  bytesOut: number;
  droppedGroups: number;
}

/** One player attached to a stream in one output format. */
export class Reader {
  readonly id: string;
  readonly protocol: string;
  readonly formatId: string;
  readonly sink: ReaderSink;
  readonly stats: ReaderStats = { bytesOut: 0, droppedGroups: 0 };
  /** True until the reader has a keyframe to start on; set again when it falls behind. */
  needsSync = true;
  /** While it waits for a keyframe after a source change: the config it already has (not sent again). */
  heldConfig: CachedItem | undefined;
  detached = false;
  /** Since when (ms) its unsent bytes have been over the queue bound, seen at each flush; undefined when not. */
  stalledSince: number | undefined;

  constructor(id: string, protocol: string, formatId: string, sink: ReaderSink) {
    this.id = id;
    this.protocol = protocol;
    this.formatId = formatId;
    this.sink = sink;
  }

  sendParts(parts: readonly Buffer[]): void {
    let n = 0;
    for (const p of parts) n += p.length;
    if (n === 0) return;
    this.stats.bytesOut += n;
    this.sink.writeParts(parts);
  }

  send(buf: Buffer): void {
    if (buf.length === 0) return;
    this.stats.bytesOut += buf.length;
    this.sink.write(buf);
  }
}
