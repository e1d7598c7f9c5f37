import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import * as replies from '../../protocols/rtmp/command-replies.ts';
import * as control from '../../protocols/rtmp/control-messages.ts';
import { sampleAccessMessage } from '../../protocols/rtmp/data-messages.ts';
import type { RtmpMessage } from '../../protocols/rtmp/message.ts';

/** The replies that start playback of `name` on `streamId`; they leave with the config and cached GOP in one write. */
export function playPreamble(streamId: number, chunkSize: number, name: string): Buffer {
  const chunk = (m: RtmpMessage): Buffer => encodeMessage(m, chunkSize);
  const status = (code: string, description: string): Buffer =>
    chunk(replies.onStatus(streamId, { level: 'status', code, description, details: name }));
  return Buffer.concat([
    chunk(control.streamBegin(streamId)),
    status(replies.StatusCode.PlayReset, `resetting ${name}`),
    status(replies.StatusCode.PlayStart, `playing ${name}`),
    chunk(sampleAccessMessage(streamId)),
  ]);
}
