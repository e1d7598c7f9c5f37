import type { Stream } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';
import { parseAudioTagBody, parseVideoTagBody } from '../../protocols/flv/to-stream.ts';
import { splitAggregate } from '../../protocols/rtmp/aggregate.ts';
import { decodeData, metadataOf } from '../../protocols/rtmp/data-messages.ts';
import { MessageType, type RtmpMessage } from '../../protocols/rtmp/message.ts';

/** Feeds a publisher's audio, video and data messages into its stream. */
export class RtmpIngest {
  private nalLengthSize = 4;
  private started = false;
  private readonly warned = new Set<string>();
  private readonly stream: Stream;
  private readonly log: Logger;
  private readonly onFirstFrame: () => void;

  constructor(stream: Stream, log: Logger, onFirstFrame: () => void) {
    this.stream = stream;
    this.log = log;
    this.onFirstFrame = onFirstFrame;
  }

  /** Returns false for messages that are not media, so the session handles them. */
  handle(msg: RtmpMessage): boolean {
    switch (msg.typeId) {
      case MessageType.Video:
        this.video(msg);
        return true;
      case MessageType.Audio:
        this.audio(msg);
        return true;
      case MessageType.DataAmf0:
      case MessageType.DataAmf3: {
        const metadata = metadataOf(decodeData(msg.typeId, msg.payload));
        if (metadata) this.stream.setMetadata(metadata);
        return true;
      }
      case MessageType.Aggregate:
        for (const sub of splitAggregate(msg)) this.handle(sub);
        return true;
      default:
        return false;
    }
  }

  private video(msg: RtmpMessage): void {
    if (msg.payload.length === 0) return;
    const r = parseVideoTagBody(msg.payload, msg.timestamp, this.nalLengthSize);
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

  private audio(msg: RtmpMessage): void {
    if (msg.payload.length === 0) return;
    const r = parseAudioTagBody(msg.payload, msg.timestamp);
    if (r.type === 'config') this.stream.setAudioConfig(r.config);
    else if (r.type === 'frame') {
      this.frameArrived();
      this.stream.pushFrame(r.frame);
    } else if (r.type === 'unsupported') {
      this.warnOnce(`audio codec ${r.codecId}`);
    }
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
