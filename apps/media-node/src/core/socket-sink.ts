import type { Socket } from 'node:net';
import type { ReaderSink } from './reader.ts';

/**
 * A reader sink writing raw bytes to a TCP socket; `frame(length)` gives a header to put before each
 * message (WebSocket). Headers and shared payloads leave in one writev; payloads are never copied.
 */
export function socketSink(socket: Socket, frame?: (length: number) => Buffer): ReaderSink {
  const writeParts = (parts: readonly Buffer[]): void => {
    if (socket.destroyed) return;
    socket.cork();
    if (frame !== undefined) {
      let n = 0;
      for (const p of parts) n += p.length;
      socket.write(frame(n));
    }
    for (const p of parts) socket.write(p);
    socket.uncork();
  };
  return {
    write(buf) {
      if (socket.destroyed) return;
      if (frame === undefined) socket.write(buf);
      else writeParts([buf]);
    },
    writeParts,
    bufferedBytes: () => socket.writableLength,
    close: () => {
      socket.end();
      // A reader that stopped reading would keep a half-closed socket forever.
      setTimeout(() => socket.destroy(), 2000).unref();
    },
  };
}
