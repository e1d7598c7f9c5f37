import type { MediaFrame } from './frame.ts';
import type { OutputFormat, StreamConfig } from './output-format.ts';

/** A frame or a config change as it moves through a stream, with its per-format encodings memoised. */
export class CachedItem {
  readonly frame: MediaFrame | undefined;
  readonly config: StreamConfig | undefined;
  /** A reader may start here: a video keyframe, or any audio frame of an audio-only stream. */
  readonly sync: boolean;
  /** Set once the item has gone out in a batch; only flushed items are replayed to joiners. */
  flushed = false;
  private readonly encodings = new Map<string, Buffer>();

  constructor(frame: MediaFrame | undefined, config: StreamConfig | undefined, sync: boolean) {
    this.frame = frame;
    this.config = config;
    this.sync = sync;
  }

  encode(format: OutputFormat): Buffer {
    let buf = this.encodings.get(format.id);
    if (buf === undefined) {
      buf = this.frame ? format.encodeFrame(this.frame) : format.encodeConfig(this.config ?? {});
      this.encodings.set(format.id, buf);
    }
    return buf;
  }

  get size(): number {
    return this.frame ? this.frame.data.length : 0;
  }
}
