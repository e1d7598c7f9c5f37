import { ProtocolError } from '../../core/errors.ts';
import type { RtmpMessage } from './message.ts';

const SUB_HEADER = 11;
const BACK_POINTER = 4;

/**
 * Splits an Aggregate message (§7.1.6) into its sub-messages: FLV-tag-shaped records whose
 * timestamps are re-based so the first equals the aggregate's own timestamp. Payloads are views.
 */
export function splitAggregate(msg: RtmpMessage): RtmpMessage[] {
  const body = msg.payload;
  const out: RtmpMessage[] = [];
  let pos = 0;
  let first = -1;
  while (pos < body.length) {
    if (body.length - pos < SUB_HEADER)
      throw new ProtocolError('RTMP aggregate: truncated sub-message header');
    const typeId = body[pos]!;
    const length = body.readUIntBE(pos + 1, 3);
    // FLV-style timestamp: 24 low bits then the high byte.
    const ts = (body.readUIntBE(pos + 4, 3) | (body[pos + 7]! << 24)) >>> 0;
    const end = pos + SUB_HEADER + length;
    if (end + BACK_POINTER > body.length)
      throw new ProtocolError('RTMP aggregate: sub-message overruns the message');
    if (first < 0) first = ts;
    out.push({
      csid: msg.csid,
      typeId,
      streamId: msg.streamId,
      timestamp: (msg.timestamp + ts - first) >>> 0,
      payload: body.subarray(pos + SUB_HEADER, end),
    });
    pos = end + BACK_POINTER;
  }
  return out;
}
