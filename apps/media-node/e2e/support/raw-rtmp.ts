import { connect, type Socket } from 'node:net';
import { encodeAmf0 } from '../../src/protocols/amf/amf0.ts';
import { encodeMessage } from '../../src/protocols/rtmp/chunk-writer.ts';
import { ClientHandshake } from '../../src/protocols/rtmp/handshake.ts';

/** A raw TCP connection to the RTMP port that records when the server closes it. */
export interface RawConnection {
  readonly socket: Socket;
  readonly closed: Promise<void>;
}

/** Opens a TCP connection and sends `bytes` once connected. */
export function rawConnect(port: number, bytes?: Buffer): RawConnection {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  if (bytes) socket.once('connect', () => socket.write(bytes));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, closed };
}

/** Completes a real client handshake, then sends `after` as the first chunk bytes. */
export function handshakeThen(port: number, after: Buffer): RawConnection {
  const conn = rawConnect(port);
  const hs = new ClientHandshake();
  conn.socket.once('connect', () => conn.socket.write(hs.start()));
  const onData = (buf: Buffer): void => {
    const p = hs.feed(buf);
    if (p.send) conn.socket.write(p.send);
    if (p.done) {
      conn.socket.off('data', onData);
      conn.socket.write(after);
    }
  };
  conn.socket.on('data', onData);
  return conn;
}

/** A connect command whose command object is whatever the test wants, e.g. a bad tcUrl. */
export function connectCommandBytes(commandObject: Record<string, string | number>): Buffer {
  const payload = encodeAmf0('connect', 1, commandObject);
  return encodeMessage({ csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload }, 128);
}

/** A Set Chunk Size message announcing `size`. */
export function setChunkSizeBytes(size: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(size >>> 0);
  return encodeMessage({ csid: 2, typeId: 1, streamId: 0, timestamp: 0, payload }, 128);
}
