import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { boundPort, listen } from '../../core/listen.ts';
import type { SessionReporter } from '../../core/session-tracker.ts';
import type { Logger } from '../../log.ts';
import { type RtmpPaths, RtmpSession, type RtmpSessionOptions } from './session.ts';

/** What the RTMP server needs from the node. */
export interface RtmpServerDeps {
  readonly paths: RtmpPaths;
  readonly log: Logger;
  readonly host: string;
  readonly port: number;
  readonly session: RtmpSessionOptions;
  readonly sessions: SessionReporter;
}

/** Accepts RTMP connections; each becomes an independent session that fails alone. */
export class RtmpServer {
  private readonly deps: RtmpServerDeps;
  private readonly server: Server;
  private readonly sessions = new Set<RtmpSession>();

  constructor(deps: RtmpServerDeps) {
    this.deps = deps;
    this.server = createServer((socket) => this.accept(socket));
  }

  start(): Promise<void> {
    return listen(this.server, this.deps.port, this.deps.host);
  }

  get port(): number {
    return boundPort(this.server, this.deps.port);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sessions) s.close('server shutting down');
    await closed;
  }

  private accept(socket: Socket): void {
    const id = randomUUID();
    const log = this.deps.log.child({
      session: id,
      protocol: 'rtmp',
      peer: `${socket.remoteAddress}:${socket.remotePort}`,
    });
    const { paths, sessions } = this.deps;
    const session = new RtmpSession(id, socket, { paths, sessions }, this.deps.session, log);
    this.sessions.add(session);
    socket.once('close', () => this.sessions.delete(session));
  }
}
