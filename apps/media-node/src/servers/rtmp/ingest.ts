import type { Stream } from '../../core/stream.ts';
import { FlvTagIngest } from '../../ingest/flv-tag-ingest.ts';
import type { Logger } from '../../log.ts';
import { splitAggregate } from '../../protocols/rtmp/aggregate.ts';
import { decodeData, metadataOf } from '../../protocols/rtmp/data-messages.ts';
import { MessageType, type RtmpMessage } from '../../protocols/rtmp/message.ts';

/** Feeds a publisher's audio, video and data messages into its stream. */
export class RtmpIngest {
  private readonly tags: FlvTagIngest;

  constructor(stream: Stream, log: Logger, onFirstFrame: () => void) {
    this.tags = new FlvTagIngest(stream, log, onFirstFrame);
  }

  /** Returns false for messages that are not media, so the session handles them. */
  handle(msg: RtmpMessage): boolean {
    switch (msg.typeId) {
      case MessageType.Video:
        this.tags.video(msg.payload, msg.timestamp);
        return true;
      case MessageType.Audio:
        this.tags.audio(msg.payload, msg.timestamp);
        return true;
      case MessageType.DataAmf0:
      case MessageType.DataAmf3: {
        const metadata = metadataOf(decodeData(msg.typeId, msg.payload));
        if (metadata) this.tags.metadata(metadata);
        return true;
      }
      case MessageType.Aggregate:
        for (const sub of splitAggregate(msg)) this.handle(sub);
        return true;
      default:
        return false;
    }
  }
}
