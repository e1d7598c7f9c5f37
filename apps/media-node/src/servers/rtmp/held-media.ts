import { ProtocolError } from '../../core/errors.ts';
import { MessageType, type RtmpMessage } from '../../protocols/rtmp/message.ts';

/** Media a publisher may send while its publish decision is pending. */
const MAX_HELD_BYTES = 8 * 1024 * 1024;

/** Media that arrives before the publish decision: held, bounded, then replayed, never dropped. */
export class HeldMedia {
  readonly messages: RtmpMessage[] = [];
  private bytes = 0;

  /** Holds `msg` if it is media (true); throws ProtocolError past the bound. */
  hold(msg: RtmpMessage): boolean {
    if (!isMedia(msg.typeId)) return false;
    this.bytes += msg.payload.length;
    if (this.bytes > MAX_HELD_BYTES) throw new ProtocolError('too much media before the publish decision');
    this.messages.push(msg);
    return true;
  }
}

function isMedia(typeId: number): boolean {
  return (
    typeId === MessageType.Audio ||
    typeId === MessageType.Video ||
    typeId === MessageType.DataAmf0 ||
    typeId === MessageType.DataAmf3 ||
    typeId === MessageType.Aggregate
  );
}
