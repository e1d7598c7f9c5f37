import type { Socket } from 'node:net';
import type { ReaderSink } from '../../core/reader.ts';
import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import { onStatus, StatusCode } from '../../protocols/rtmp/command-replies.ts';
import { streamEof } from '../../protocols/rtmp/control-messages.ts';

/** Writes shared RTMP chunks to a player; on close it tells the player the stream ended. */
export function rtmpPlayerSink(
  socket: Socket,
  streamId: number,
  chunkSize: number,
  name: string,
): ReaderSink {
  return {
    write(buf) {
      if (!socket.destroyed) socket.write(buf);
    },
    writeParts(parts) {
      if (socket.destroyed) return;
      socket.cork();
      for (const p of parts) socket.write(p);
      socket.uncork();
    },
    bufferedBytes: () => socket.writableLength,
    close(reason) {
      if (socket.destroyed) return;
      socket.write(encodeMessage(streamEof(streamId), chunkSize));
      const info = {
        level: 'status' as const,
        code: StatusCode.PlayUnpublishNotify,
        description: reason,
        details: name,
      };
      socket.end(encodeMessage(onStatus(streamId, info), chunkSize));
      setTimeout(() => socket.destroy(), 2000).unref();
    },
  };
}
