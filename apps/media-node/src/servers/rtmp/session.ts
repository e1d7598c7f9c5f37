import type { Socket } from 'node:net';
import { ProtocolError } from '../../core/errors.ts';
import type { PathManager } from '../../core/path-manager.ts';
import type { OpenSession, SessionReporter, SessionRole } from '../../core/session-tracker.ts';
import type { Stream, StreamSource } from '../../core/stream.ts';
import { parseStreamPath } from '../../core/stream-key.ts';
import type { Logger } from '../../log.ts';
import { ChunkReader } from '../../protocols/rtmp/chunk-reader.ts';
import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import * as replies from '../../protocols/rtmp/command-replies.ts';
import {
  decodeCommand,
  parseConnect,
  parsePlay,
  parsePublish,
  type RtmpCommand,
} from '../../protocols/rtmp/commands.ts';
import * as control from '../../protocols/rtmp/control-messages.ts';
import { ServerHandshake } from '../../protocols/rtmp/handshake.ts';
import { MessageType, type RtmpMessage } from '../../protocols/rtmp/message.ts';
import { HeldMedia } from './held-media.ts';
import { RtmpIngest } from './ingest.ts';
import { RtmpPlay } from './play.ts';
import { refusal } from './status.ts';

/** RTMP settings a session needs. */
export interface RtmpSessionOptions {
  readonly chunkSize: number;
  readonly maxIncomingChunkSize: number;
  readonly handshakeTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

/** What a session needs besides paths: where it reports that it publishes or plays. */
export interface RtmpSessionDeps {
  readonly paths: RtmpPaths;
  readonly sessions: SessionReporter;
}

/** What a session needs from the node. */
export type RtmpPaths = Pick<PathManager, 'startPublish' | 'publisherReady' | 'endPublish' | 'startPlay'>;

/** A publisher is pending (media held while the control API decides) or live. */
type PublishState =
  | { readonly kind: 'pending'; readonly held: HeldMedia }
  | {
      readonly kind: 'live';
      readonly stream: Stream;
      readonly ingest: RtmpIngest;
      readonly source: StreamSource;
    };

const WINDOW_ACK_SIZE = 5_000_000;

/** One RTMP connection: handshake, then commands; it becomes a publisher or a player. */
export class RtmpSession {
  readonly id: string;
  private readonly socket: Socket;
  private readonly paths: RtmpPaths;
  private readonly sessions: SessionReporter;
  private tracked: OpenSession | undefined;
  private readonly options: RtmpSessionOptions;
  private log: Logger;
  private handshake: ServerHandshake | undefined = new ServerHandshake();
  private readonly chunks: ChunkReader;
  private app: string | undefined;
  private nextStreamId = 1;
  private publishing: PublishState | undefined;
  /** Set from the play command on, while the player waits for its stream and while it reads it. */
  private play: RtmpPlay | undefined;
  private closed = false;
  bytesIn = 0;
  private readonly started = Date.now();

  constructor(id: string, socket: Socket, deps: RtmpSessionDeps, options: RtmpSessionOptions, log: Logger) {
    this.id = id;
    this.socket = socket;
    this.paths = deps.paths;
    this.sessions = deps.sessions;
    this.options = options;
    this.log = log;
    this.chunks = new ChunkReader({
      onMessage: (m) => this.onMessage(m),
      maxChunkSize: options.maxIncomingChunkSize,
    });
    socket.setNoDelay(true);
    // Held players and quiet peers send nothing for long stretches: let the kernel find vanished ones.
    socket.setKeepAlive(true, 15_000);
    socket.setTimeout(options.handshakeTimeoutMs, () => this.close('handshake timeout'));
    socket.on('data', (buf: Buffer) => this.onData(buf));
    socket.on('error', (err) => this.close(`socket error: ${err.message}`));
    socket.on('close', () => this.close('peer closed'));
  }

  /**
   * Ends the session; safe to call more than once. A publisher that did not say it stopped dropped
   * abnormally (its stream may wait for it), unless `final` (the control API closed it).
   */
  close(reason: string, final = false): void {
    if (this.closed) return;
    this.closed = true;
    const level = reason.startsWith('protocol error') ? 'warn' : 'info';
    this.log[level]('rtmp session closed', { reason, bytesIn: this.bytesIn, ms: Date.now() - this.started });
    const pub = this.publishing;
    if (pub?.kind === 'live')
      this.paths.endPublish(pub.stream, `publisher left: ${reason}`, {
        clean: false,
        final,
        source: pub.source,
      });
    this.play?.stop();
    this.publishing = undefined;
    this.play = undefined;
    this.socket.destroy();
    this.untrack(reason);
  }

  /** Reports that this connection now publishes or plays `req`, until untrack(). */
  private track(role: SessionRole, req: { vhost: string; app: string; stream: string; ip: string }): void {
    this.tracked = this.sessions.open({
      id: this.id,
      role,
      protocol: 'rtmp',
      key: { vhost: req.vhost, app: req.app, stream: req.stream },
      ip: req.ip,
      bytesIn: () => this.socket.bytesRead,
      bytesOut: () => this.socket.bytesWritten,
      close: (reason) => this.close(reason, true),
    });
  }

  private untrack(reason: string): void {
    const tracked = this.tracked;
    this.tracked = undefined;
    tracked?.end(reason);
  }

  private onData(buf: Buffer): void {
    if (this.closed) return;
    this.bytesIn += buf.length;
    try {
      if (this.handshake) {
        const progress = this.handshake.feed(buf);
        if (progress.send) this.socket.write(progress.send);
        if (!progress.done) return;
        this.handshake = undefined;
        if (!progress.rest) return;
        buf = progress.rest;
      }
      this.chunks.feed(buf);
      const ack = this.chunks.takeAck();
      if (ack !== null) this.send(control.acknowledgement(ack));
    } catch (err) {
      if (err instanceof ProtocolError) this.close(`protocol error: ${err.message}`);
      else {
        this.log.error('rtmp session failed', { err, stack: err instanceof Error ? err.stack : undefined });
        this.close('internal error');
      }
    }
  }

  private send(msg: RtmpMessage, chunkSize = this.options.chunkSize): void {
    if (!this.socket.destroyed) this.socket.write(encodeMessage(msg, chunkSize));
  }

  private onMessage(msg: RtmpMessage): void {
    if (this.closed) return;
    const pub = this.publishing;
    if (pub?.kind === 'live' && pub.ingest.handle(msg)) return;
    if (pub?.kind === 'pending' && pub.held.hold(msg)) return;
    switch (msg.typeId) {
      case MessageType.CommandAmf0:
      case MessageType.CommandAmf3:
        this.onCommand(msg.streamId, decodeCommand(msg.typeId, msg.payload));
        return;
      case MessageType.WindowAckSize:
        this.chunks.ackWindow = control.parseWindowAckSize(msg.payload);
        return;
      case MessageType.UserControl: {
        const ev = control.parseUserControl(msg.payload);
        if (ev.kind === 'ping-request') this.send(control.pingResponse(ev.timestamp));
        return;
      }
      default:
        return;
    }
  }

  private onCommand(streamId: number, cmd: RtmpCommand): void {
    switch (cmd.name) {
      case 'connect':
        this.onConnect(cmd);
        return;
      case 'createStream':
        this.send(replies.createStreamResult(cmd.transactionId, this.nextStreamId++));
        return;
      case 'publish':
        this.onPublish(streamId, cmd);
        return;
      case 'play':
        this.onPlay(streamId, cmd);
        return;
      case 'FCPublish':
        this.send(replies.onFcPublish(replies.StatusCode.PublishStart, String(cmd.args[0] ?? '')));
        return;
      case 'deleteStream':
      case 'closeStream':
      case 'FCUnpublish':
        this.onStop(cmd.name);
        return;
      case 'releaseStream':
      case 'getStreamLength':
        if (cmd.transactionId > 0) this.send(replies.emptyResult(cmd.transactionId));
        return;
      default:
        this.log.debug('ignoring rtmp command', { name: cmd.name.slice(0, 40) });
    }
  }

  private onConnect(cmd: RtmpCommand): void {
    if (this.app !== undefined) throw new ProtocolError('connect sent twice');
    const params = parseConnect(cmd);
    const app = params.app.replace(/^\/+|\/+$/g, '');
    if (app.length === 0) throw new ProtocolError('connect: empty app');
    this.app = app.split('?')[0];
    this.log = this.log.child({ app: this.app });
    this.socket.setTimeout(0);
    this.send(control.windowAckSize(WINDOW_ACK_SIZE), 128);
    this.send(control.setPeerBandwidth(WINDOW_ACK_SIZE), 128);
    this.send(control.setChunkSize(this.options.chunkSize), 128);
    this.send(replies.connectResult(cmd.transactionId, params.objectEncoding));
  }

  private request(name: string, protocol: 'rtmp') {
    if (this.app === undefined) throw new ProtocolError('publish/play before connect');
    // The vhost comes only from an explicit ?vhost= (ZLMediaKit's default), never from the tcUrl host.
    const req = parseStreamPath(`/${this.app}/${name}`);
    if (!req) return undefined;
    return { ...req, protocol, sessionId: this.id, ip: this.socket.remoteAddress ?? '' };
  }

  private onPublish(streamId: number, cmd: RtmpCommand): void {
    if (this.publishing || this.play) throw new ProtocolError('publish on a busy session');
    const { name } = parsePublish(cmd);
    const req = this.request(name, 'rtmp');
    const bare = name.split('?')[0]!;
    if (!req) {
      this.send(replies.onStatus(streamId, refusal('Publish', new ProtocolError('bad name'), bare)));
      this.close('bad stream name');
      return;
    }
    this.socket.pause();
    const source = { id: this.id, protocol: 'rtmp', close: (reason: string) => this.close(reason, true) };
    this.paths.startPublish(req, source).then(
      (stream) => {
        this.socket.resume();
        if (this.closed) {
          this.paths.endPublish(stream, 'publisher left before start', { clean: false, source });
          return;
        }
        const held = this.publishing?.kind === 'pending' ? this.publishing.held.messages : [];
        const ingest = new RtmpIngest(stream, this.log, () => this.paths.publisherReady(stream));
        this.publishing = { kind: 'live', stream, ingest, source };
        this.socket.setTimeout(this.options.idleTimeoutMs, () => this.close('publisher idle timeout'));
        this.send(
          replies.onStatus(streamId, {
            level: 'status',
            code: replies.StatusCode.PublishStart,
            description: `${bare} is now published`,
            details: bare,
          }),
        );
        this.log.info('publish started', { stream: req.stream });
        this.track('publisher', req);
        try {
          for (const m of held) ingest.handle(m);
        } catch (err) {
          this.close(`protocol error: ${errorText(err)}`);
        }
      },
      (err: unknown) => {
        this.socket.resume();
        this.publishing = undefined;
        const info = refusal('Publish', err, bare);
        this.log.info('publish refused', { stream: req.stream, code: info.code, reason: errorText(err) });
        this.send(replies.onStatus(streamId, info));
        this.close(`publish refused: ${info.code}`);
      },
    );
    this.publishing = { kind: 'pending', held: new HeldMedia() };
  }

  private onPlay(streamId: number, cmd: RtmpCommand): void {
    if (this.publishing || this.play) throw new ProtocolError('play on a busy session');
    const { name } = parsePlay(cmd);
    const req = this.request(name, 'rtmp');
    const bare = name.split('?')[0]!;
    if (!req) {
      this.send(replies.onStatus(streamId, refusal('Play', new ProtocolError('bad name'), bare)));
      this.close('bad stream name');
      return;
    }
    // Pending from here: a second play or a publish is refused, deleteStream ends the wait.
    const play = new RtmpPlay(
      {
        paths: this.paths,
        sessionId: this.id,
        socket: this.socket,
        chunkSize: this.options.chunkSize,
        log: this.log,
        started: () => this.track('player', req),
        failed: (reason) => this.close(reason),
      },
      streamId,
      bare,
    );
    this.play = play;
    play.start(req);
  }

  private onStop(command: string): void {
    if (this.publishing?.kind === 'live') {
      const { stream, source } = this.publishing;
      this.publishing = undefined;
      this.paths.endPublish(stream, `publisher sent ${command}`, { clean: true, source });
      this.log.info('publish stopped', { command });
      this.untrack(`publisher sent ${command}`);
    } else if (this.play) {
      this.play.stop();
      this.play = undefined;
      this.untrack(`player sent ${command}`);
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
