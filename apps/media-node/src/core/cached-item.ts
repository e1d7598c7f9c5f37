import type { MediaFrame } from './frame.ts';
import type { OutputFormat, StreamConfig } from './output-format.ts';

interface ConfigEncoding {
  readonly timestamp: number;
  readonly buf: Buffer;
}

/** A frame or a config change as it moves through a stream, with its per-format encodings memoised. */
export class CachedItem {
  readonly frame: MediaFrame | undefined;
  readonly config: StreamConfig | undefined;
  /** A reader may start here: a video keyframe, or any audio frame of an audio-only stream. */
  readonly sync: boolean;
  /** Set once the item has gone out in a batch; only flushed items are replayed to joiners. */
  flushed = false;
  /** A config's timestamp where it sits in the stream (frames carry their own dts); set by the stream. */
  timestamp = 0;
  private readonly encodings = new Map<string, Buffer>();
  // Config only: per format, the encoding at the last timestamp asked for. A config re-sent before
  // every keyframe keeps one Buffer per format, not one per keyframe, yet readers at one keyframe share it.
  private configEncodings: Map<string, ConfigEncoding> | undefined;

  constructor(frame: MediaFrame | undefined, config: StreamConfig | undefined, sync: boolean) {
    this.frame = frame;
    this.config = config;
    this.sync = sync;
  }

  /** The frame's encoding, or the config's at its own `timestamp`. */
  encode(format: OutputFormat): Buffer {
    if (this.frame === undefined) return this.encodeConfigAt(format, this.timestamp);
    let buf = this.encodings.get(format.id);
    if (buf === undefined) {
      buf = format.encodeFrame(this.frame);
      this.encodings.set(format.id, buf);
    }
    return buf;
  }

  /** The config's encoding stamped `timestamp` (the dts of the frame it precedes). */
  encodeConfigAt(format: OutputFormat, timestamp: number): Buffer {
    this.configEncodings ??= new Map();
    const memo = this.configEncodings.get(format.id);
    if (memo !== undefined && memo.timestamp === timestamp) return memo.buf;
    const buf = format.encodeConfig(this.config ?? {}, timestamp);
    this.configEncodings.set(format.id, { timestamp, buf });
    return buf;
  }

  get size(): number {
    return this.frame ? this.frame.data.length : 0;
  }
}
