import type { StreamMetadata } from '../core/frame.ts';
import type { Stream } from '../core/stream.ts';
import type { Logger } from '../log.ts';
import { parseAudioTagBody, parseScriptData, parseVideoTagBody } from '../protocols/flv/to-stream.ts';

/**
 * Feeds FLV-shaped tag bodies (RTMP media messages, HTTP-FLV tags) into a stream: configs, frames and
 * metadata. Shared by the RTMP server and the pull clients. Malformed bodies throw ProtocolError.
 */
export class FlvTagIngest {
  private nalLengthSize = 4;
  private started = false;
  private readonly warned = new Set<string>();
  private readonly stream: Stream;
  private readonly log: Logger;
  private readonly onFirstFrame: () => void;

  /** `onFirstFrame` is called once, just before the first media frame is pushed. */
  constructor(stream: Stream, log: Logger, onFirstFrame: () => void) {
    this.stream = stream;
    this.log = log;
    this.onFirstFrame = onFirstFrame;
  }

  /** A VIDEODATA body at `timestamp` (DTS, ms); empty bodies are ignored. */
  video(body: Buffer, timestamp: number): void {
    if (body.length === 0) return;
    const r = parseVideoTagBody(body, timestamp, this.nalLengthSize);
    if (r.type === 'config') {
      this.nalLengthSize = r.nalLengthSize;
      this.stream.setVideoConfig(r.config);
    } else if (r.type === 'frame') {
      this.frameArrived();
      this.stream.pushFrame(r.frame);
    } else if (r.type === 'unsupported') {
      this.warnOnce(`video codec ${r.codecId}`);
    }
  }

  /** An AUDIODATA body at `timestamp` (ms); empty bodies are ignored. */
  audio(body: Buffer, timestamp: number): void {
    if (body.length === 0) return;
    const r = parseAudioTagBody(body, timestamp);
    if (r.type === 'config') this.stream.setAudioConfig(r.config);
    else if (r.type === 'frame') {
      this.frameArrived();
      this.stream.pushFrame(r.frame);
    } else if (r.type === 'unsupported') {
      this.warnOnce(`audio codec ${r.codecId}`);
    }
  }

  /** Already decoded onMetaData contents. */
  metadata(metadata: StreamMetadata): void {
    this.stream.setMetadata(metadata);
  }

  /** A SCRIPTDATA tag body (AMF0); only onMetaData reaches the stream. */
  script(body: Buffer): void {
    if (body.length === 0) return;
    const data = parseScriptData(body);
    if (data.name === 'onMetaData') this.stream.setMetadata(data.metadata);
  }

  private frameArrived(): void {
    if (this.started) return;
    this.started = true;
    this.onFirstFrame();
  }

  private warnOnce(what: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.log.warn(`ignoring unsupported ${what}`);
  }
}
