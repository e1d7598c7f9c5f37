import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { ProtocolError } from '../../core/errors.ts';
import type { Logger } from '../../log.ts';
import {
  acceptKey,
  encodeFrame,
  frameHeader,
  Opcode,
  WsFrameParser,
} from '../../protocols/websocket/frame.ts';

/** An upgraded player connection: `frame(length)` is the header of one binary message of that length. */
export interface WebSocketPlayer {
  frame(length: number): Buffer;
}

/**
 * Completes the RFC 6455 §4.2 handshake and answers pings/close from the client. Returns undefined
 * (after replying 400) when the request is not a valid WebSocket upgrade.
 */
export function upgradeToWebSocket(
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  log: Logger,
  cors: boolean,
): WebSocketPlayer | undefined {
  const key = req.headers['sec-websocket-key'];
  if (
    req.headers.upgrade?.toLowerCase() !== 'websocket' ||
    typeof key !== 'string' ||
    req.headers['sec-websocket-version'] !== '13'
  ) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return undefined;
  }
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
  ];
  if (cors) lines.push('Access-Control-Allow-Origin: *');
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const parser = new WsFrameParser();
  const onData = (chunk: Buffer): void => {
    try {
      for (const f of parser.push(chunk)) {
        if (f.opcode === Opcode.ping) socket.write(encodeFrame(Opcode.pong, f.payload));
        else if (f.opcode === Opcode.close) {
          socket.end(encodeFrame(Opcode.close, f.payload.subarray(0, 2)));
        }
      }
    } catch (err) {
      log.warn('closing ws-flv session on bad frame', {
        reason: err instanceof ProtocolError ? err.message : String(err),
      });
      socket.end(encodeFrame(Opcode.close, Buffer.of(0x03, 0xea)));
      socket.destroy();
    }
  };
  socket.on('data', onData);
  if (head.length > 0) onData(head);
  return { frame: (length) => frameHeader(Opcode.binary, length) };
}
