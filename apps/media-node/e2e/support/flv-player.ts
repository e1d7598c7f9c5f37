import { connect, type Socket } from 'node:net';
import { type FlvTag, FlvTagReader } from '../../src/protocols/flv/tag-reader.ts';

/** A media tag as a test player saw it. */
export interface SeenTag {
  readonly type: 'audio' | 'video' | 'script';
  readonly timestamp: number;
  /** Video: key frame (FLV FrameType 1); undefined for other tags. */
  readonly keyframe?: boolean;
  /** Video/audio: a sequence header (AVCPacketType / AACPacketType 0). */
  readonly config?: boolean;
  readonly at: number;
}

/** Classifies a tag the way a player would see it. */
export function describeTag(tag: FlvTag, at = Date.now()): SeenTag {
  if (tag.type === 9) {
    return {
      type: 'video',
      timestamp: tag.timestamp,
      keyframe: tag.body[0]! >> 4 === 1,
      config: tag.body[1] === 0,
      at,
    };
  }
  if (tag.type === 8) return { type: 'audio', timestamp: tag.timestamp, config: tag.body[1] === 0, at };
  return { type: 'script', timestamp: tag.timestamp, at };
}

/** A raw-socket HTTP-FLV player recording every tag; `status` is the HTTP status code. */
export interface FlvPlayer {
  readonly tags: SeenTag[];
  readonly socket: Socket;
  status: number | undefined;
  closed: boolean;
  close(): void;
}

/** Opens `http://host:port/path` and parses the FLV body as it arrives. */
export function playHttpFlv(port: number, path: string): FlvPlayer {
  const socket = connect(port, '127.0.0.1');
  const reader = new FlvTagReader();
  const player: FlvPlayer = {
    tags: [],
    socket,
    status: undefined,
    closed: false,
    close: () => socket.destroy(),
  };
  let head = Buffer.alloc(0);
  socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
  socket.on('data', (chunk: Buffer) => {
    if (player.status === undefined) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      player.status = Number(head.toString('latin1', 9, 12));
      chunk = head.subarray(end + 4);
      if (player.status !== 200 || chunk.length === 0) return;
    }
    for (const tag of reader.push(chunk)) player.tags.push(describeTag(tag));
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    player.closed = true;
  });
  return player;
}

/** Opens a WS-FLV player with the runtime's WebSocket and records every tag. */
export function playWsFlv(
  port: number,
  path: string,
): { tags: SeenTag[]; ws: WebSocket; errored: () => boolean } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  ws.binaryType = 'arraybuffer';
  const reader = new FlvTagReader();
  const tags: SeenTag[] = [];
  let errored = false;
  ws.addEventListener('message', (ev) => {
    for (const tag of reader.push(Buffer.from(ev.data as ArrayBuffer))) tags.push(describeTag(tag));
  });
  ws.addEventListener('error', () => {
    errored = true;
  });
  return { tags, ws, errored: () => errored };
}

/** The first video tag that is not a sequence header. */
export function firstVideoFrame(tags: readonly SeenTag[]): SeenTag | undefined {
  return tags.find((t) => t.type === 'video' && !t.config);
}
