import type { Socket } from 'node:net';
import type { OutputFormat } from '../../core/output-format.ts';
import type { OpenSession, SessionReporter } from '../../core/session-tracker.ts';
import { socketSink } from '../../core/socket-sink.ts';
import type { Stream } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';

/** The FLV output the HTTP server writes: a per-format encoder plus the file header. */
export interface FlvOutput {
  readonly format: OutputFormat;
  fileHeader(hasAudio: boolean, hasVideo: boolean): Buffer;
}

/** Attaches a socket as an FLV reader of a stream until either side closes. */
export function servePlay(opts: {
  stream: Stream;
  socket: Socket;
  sessionId: string;
  ip: string;
  protocol: 'http-flv' | 'ws-flv';
  flv: FlvOutput;
  sessions: SessionReporter;
  log: Logger;
  frame?: (length: number) => Buffer;
}): void {
  const { stream, socket, flv, log } = opts;
  const sink = socketSink(socket, opts.frame);
  const { audio, video } = stream.currentConfig;
  const header = flv.fileHeader(audio !== undefined, video !== undefined);
  const started = Date.now();
  const reader = stream.addReader(opts.sessionId, opts.protocol, flv.format, sink, header);
  let session: OpenSession;
  try {
    session = opts.sessions.open({
      id: opts.sessionId,
      role: 'player',
      protocol: opts.protocol,
      key: stream.key,
      ip: opts.ip,
      bytesIn: () => socket.bytesRead,
      bytesOut: () => socket.bytesWritten,
      close: (reason) => {
        stream.removeReader(reader);
        sink.close(reason);
      },
    });
  } catch (err) {
    // The caller closes the socket; the reader must not outlive it unseen.
    stream.removeReader(reader);
    throw err;
  }
  log.info('player started');
  socket.once('close', () => {
    stream.removeReader(reader);
    session.end('peer closed');
    log.info('player ended', {
      bytesOut: reader.stats.bytesOut,
      droppedGroups: reader.stats.droppedGroups,
      ms: Date.now() - started,
    });
  });
  socket.on('error', () => socket.destroy());
}
