import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { StreamNotFoundError } from '../../core/errors.ts';
import { boundPort, listen } from '../../core/listen.ts';
import type { PathManager } from '../../core/path-manager.ts';
import type { SessionReporter } from '../../core/session-tracker.ts';
import type { Stream } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';
import { errorStatus } from './error-status.ts';
import { type FlvOutput, servePlay } from './flv-play.ts';
import { matchFlvPath } from './flv-route.ts';
import { upgradeToWebSocket } from './websocket.ts';

/** What the HTTP server needs from the node. */
export interface HttpServerDeps {
  readonly paths: Pick<PathManager, 'startPlay'>;
  readonly flv: FlvOutput;
  readonly log: Logger;
  readonly host: string;
  readonly port: number;
  readonly cors: boolean;
  readonly sessions: SessionReporter;
  /** Gets every request first and returns true for those it answers (the node's command endpoints). */
  readonly commands?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': '*',
};

/** The node's HTTP listener: HTTP-FLV and WS-FLV playback. */
export class HttpServer {
  private readonly deps: HttpServerDeps;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(deps: HttpServerDeps) {
    this.deps = deps;
    // A player may be held for a missing stream for minutes: node:http's request/headers timeouts end
    // once a GET's headers are in, keepAliveTimeout only idles between requests, and the socket
    // timeout (server.timeout) stays 0, so none of them cuts a held player.
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req, socket: Socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      s.setNoDelay(true);
      // A held or stalled player sends nothing: let the kernel find peers that vanished without a FIN.
      s.setKeepAlive(true, 15_000);
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    this.server.on('clientError', (err, socket) => {
      deps.log.debug('http client error', { err });
      socket.destroy();
    });
  }

  start(): Promise<void> {
    return listen(this.server, this.deps.port, this.deps.host);
  }

  get port(): number {
    return boundPort(this.server, this.deps.port);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return this.deps.cors ? { ...CORS_HEADERS, ...extra } : extra;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.deps.commands?.(req, res)) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, this.headers({ 'Access-Control-Max-Age': '600' })).end();
      return;
    }
    const key = req.method === 'GET' || req.method === 'HEAD' ? matchFlvPath(req.url ?? '/') : undefined;
    if (!key) {
      res.writeHead(404, this.headers({ 'Content-Type': 'text/plain' })).end('not found\n');
      return;
    }
    const sessionId = randomUUID();
    const log = this.deps.log.child({
      session: sessionId,
      protocol: 'http-flv',
      stream: `${key.app}/${key.stream}`,
    });
    const abort = new AbortController();
    req.socket.once('close', () => abort.abort());
    const ip = req.socket.remoteAddress ?? '';
    const refuse = (err: unknown): void => {
      const status = errorStatus(err);
      log.info('http-flv play refused', { status, reason: errorText(err) });
      if (!res.headersSent && !req.socket.destroyed) {
        res
          .writeHead(status, this.headers({ 'Content-Type': 'text/plain', Connection: 'close' }))
          .end(`${status}\n`);
      }
    };
    const play = (stream: Stream): void => {
      if (req.socket.destroyed) return;
      // The stream may have ended after the wait for it resolved (its first frame and an unpublish in one read).
      if (stream.closed) {
        refuse(endedBeforePlay(stream));
        return;
      }
      // From the headers to the attached reader nothing yields, so the stream cannot end in between;
      // should attaching throw anyway, the catch below closes the socket rather than leave it hanging.
      res.useChunkedEncodingByDefault = false;
      res.writeHead(
        200,
        this.headers({ 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-cache', Connection: 'close' }),
      );
      res.flushHeaders();
      if (req.method === 'HEAD') {
        res.socket?.end();
        return;
      }
      servePlay({
        stream,
        socket: req.socket,
        sessionId,
        ip,
        protocol: 'http-flv',
        flv: this.deps.flv,
        sessions: this.deps.sessions,
        log,
      });
    };
    this.deps.paths
      .startPlay({ ...key, protocol: 'http-flv', sessionId, ip }, abort.signal)
      .then(play, refuse)
      .catch((err: unknown) => failed(log, 'http-flv', err, req.socket));
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const key = matchFlvPath(req.url ?? '/');
    const refuse = (status: number): void => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    };
    if (!key) {
      refuse(404);
      return;
    }
    const sessionId = randomUUID();
    const log = this.deps.log.child({
      session: sessionId,
      protocol: 'ws-flv',
      stream: `${key.app}/${key.stream}`,
    });
    const abort = new AbortController();
    socket.once('close', () => abort.abort());
    socket.on('error', () => socket.destroy());
    const ip = socket.remoteAddress ?? '';
    const refuseWith = (err: unknown): void => {
      const status = errorStatus(err);
      log.info('ws-flv play refused', { status, reason: errorText(err) });
      if (!socket.destroyed) refuse(status);
    };
    const play = (stream: Stream): void => {
      if (socket.destroyed) return;
      if (stream.closed) {
        refuseWith(endedBeforePlay(stream));
        return;
      }
      const ws = upgradeToWebSocket(req, socket, head, log, this.deps.cors);
      if (!ws) return;
      servePlay({
        stream,
        socket,
        sessionId,
        ip,
        protocol: 'ws-flv',
        flv: this.deps.flv,
        sessions: this.deps.sessions,
        log,
        frame: ws.frame,
      });
    };
    this.deps.paths
      .startPlay({ ...key, protocol: 'ws-flv', sessionId, ip }, abort.signal)
      .then(play, refuseWith)
      .catch((err: unknown) => failed(log, 'ws-flv', err, socket));
  }
}

function endedBeforePlay(stream: Stream): StreamNotFoundError {
  return new StreamNotFoundError(`stream ${stream.key.app}/${stream.key.stream} ended before play started`);
}

/** A play that threw after its decision: only its own connection goes, with the reason logged. */
function failed(log: Logger, protocol: string, err: unknown, socket: Socket): void {
  log.error(`${protocol} play failed`, {
    reason: errorText(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  socket.destroy();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
