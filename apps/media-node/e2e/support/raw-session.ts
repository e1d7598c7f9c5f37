import { readFileSync } from 'node:fs';
import { FlvTagReader } from '../../src/protocols/flv/tag-reader.ts';
import { ChunkReader } from '../../src/protocols/rtmp/chunk-reader.ts';
import { encodeMessage } from '../../src/protocols/rtmp/chunk-writer.ts';
import {
  connectCommand,
  createStreamCommand,
  deleteStreamCommand,
  fcUnpublishCommand,
  playCommand,
  publishCommand,
} from '../../src/protocols/rtmp/command-requests.ts';
import { decodeCommand, type RtmpCommand } from '../../src/protocols/rtmp/commands.ts';
import { ChunkStreamId, MessageType, type RtmpMessage } from '../../src/protocols/rtmp/message.ts';
import { FIXTURE } from './ffmpeg.ts';
import { handshakeThen, type RawConnection } from './raw-rtmp.ts';

// Nothing announces a larger chunk size, so the node reads every message at the RTMP default.
const CHUNK = 128;
/** The message stream the node gives the first createStream of a connection. */
export const FIRST_STREAM_ID = 1;

const bytes = (...msgs: RtmpMessage[]): Buffer => Buffer.concat(msgs.map((m) => encodeMessage(m, CHUNK)));

function fixtureVideo(): { header: Buffer; keyframe: Buffer } {
  const tags = new FlvTagReader().push(readFileSync(FIXTURE)).filter((t) => t.type === 9);
  const header = tags.find((t) => t.body[1] === 0);
  const keyframe = tags.find((t) => t.body[0]! >> 4 === 1 && t.body[1] === 1);
  if (!header || !keyframe) throw new Error('fixture has no AVC sequence header and keyframe');
  return { header: header.body, keyframe: keyframe.body };
}

/** A raw RTMP connection whose test picks which messages share one TCP write. */
export interface RawSession extends RawConnection {
  /** Sends the messages' chunks in one socket write. */
  send(...msgs: RtmpMessage[]): void;
  /** Commands the node sent so far (_result, onStatus, ...), in order. */
  readonly replies: RtmpCommand[];
  /** True once the connection is gone. */
  gone(): boolean;
}

// S0 + S1 + S2: what the node sends before its first chunk.
const HANDSHAKE_BYTES = 1 + 1536 + 1536;

/** Handshake, then connect + createStream + `first` in one write, as a client would start. */
export function rawSession(port: number, app: string, first: RtmpMessage): RawSession {
  const tcUrl = `rtmp://127.0.0.1:${port}/${app}`;
  const conn = handshakeThen(port, bytes(connectCommand(1, app, tcUrl), createStreamCommand(2), first));
  const replies: RtmpCommand[] = [];
  const reader = new ChunkReader({
    maxChunkSize: 1 << 16,
    onMessage: (msg) => {
      if (msg.typeId === MessageType.CommandAmf0) replies.push(decodeCommand(msg.typeId, msg.payload));
    },
  });
  let skip = HANDSHAKE_BYTES;
  conn.socket.on('data', (chunk: Buffer) => {
    const rest = chunk.subarray(Math.min(skip, chunk.length));
    skip -= chunk.length - rest.length;
    if (rest.length > 0) reader.feed(rest);
  });
  let gone = false;
  void conn.closed.then(() => {
    gone = true;
  });
  return { ...conn, replies, gone: () => gone, send: (...msgs) => conn.socket.write(bytes(...msgs)) };
}

/** Messages a test sends on a raw session. */
export const rawMessages = {
  publish: (name: string) => publishCommand(FIRST_STREAM_ID, name),
  play: (name: string, streamId = FIRST_STREAM_ID) => playCommand(streamId, name),
  createStream: () => createStreamCommand(3),
  deleteStream: (streamId = FIRST_STREAM_ID) => deleteStreamCommand(streamId),
  fcUnpublish: (name: string) => fcUnpublishCommand(4, name),
  /** The fixture's AVC sequence header and first keyframe: the first of them announces the stream. */
  firstVideo(): RtmpMessage[] {
    const { header, keyframe } = fixtureVideo();
    const video = (payload: Buffer): RtmpMessage => ({
      csid: ChunkStreamId.Video,
      typeId: MessageType.Video,
      streamId: FIRST_STREAM_ID,
      timestamp: 0,
      payload,
    });
    return [video(header), video(keyframe)];
  },
};
