import type { Socket } from 'node:net';
import { StreamNotFoundError } from '../../core/errors.ts';
import type { PathManager } from '../../core/path-manager.ts';
import type { AccessRequest } from '../../core/policy.ts';
import type { Reader } from '../../core/reader.ts';
import type { Stream } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';
import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import { onStatus } from '../../protocols/rtmp/command-replies.ts';
import { rtmpOutputFormat } from '../../protocols/rtmp/from-stream.ts';
import { playPreamble } from './play-preamble.ts';
import { rtmpPlayerSink } from './player-sink.ts';
import { refusal } from './status.ts';

/** What one play needs from its session. */
export interface RtmpPlayDeps {
  readonly paths: Pick<PathManager, 'startPlay'>;
  readonly sessionId: string;
  readonly socket: Socket;
  readonly chunkSize: number;
  readonly log: Logger;
  /** The player reads its stream now. */
  started(): void;
  /** The play cannot go on (refused, not found, or failed): the session closes for `reason`. */
  failed(reason: string): void;
}

/**
 * One RTMP play: pending while the node authorizes and looks for the stream (possibly holding the
 * player), then a reader of it, until stop(). Nothing it does can escape as an unhandled rejection.
 */
export class RtmpPlay {
  private readonly deps: RtmpPlayDeps;
  private readonly streamId: number;
  private readonly name: string;
  private readonly abort = new AbortController();
  private playing: { stream: Stream; reader: Reader } | undefined;
  private stopped = false;

  /** `name` is the stream name without its query, as the client's status messages show it. */
  constructor(deps: RtmpPlayDeps, streamId: number, name: string) {
    this.deps = deps;
    this.streamId = streamId;
    this.name = name;
  }

  start(req: AccessRequest): void {
    this.deps.paths
      .startPlay(req, this.abort.signal)
      .then(
        (stream) => this.attach(stream),
        (err: unknown) => this.refuse(err),
      )
      .catch((err: unknown) => {
        this.deps.log.error('rtmp play failed', { reason: errorText(err), stack: stackOf(err) });
        this.deps.failed('internal error');
      });
  }

  /** Ends the wait or the reading; the client may play again afterwards. Safe to call more than once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    if (this.playing) this.playing.stream.removeReader(this.playing.reader);
    this.playing = undefined;
  }

  private attach(stream: Stream): void {
    if (this.stopped) return;
    // The stream may have ended after the wait for it resolved (its first frame and an unpublish in one read).
    if (stream.closed) {
      this.refuse(new StreamNotFoundError(`stream ${this.name} ended before play started`));
      return;
    }
    const { socket, chunkSize } = this.deps;
    const preamble = playPreamble(this.streamId, chunkSize, this.name);
    const format = rtmpOutputFormat(chunkSize, this.streamId);
    const sink = rtmpPlayerSink(socket, this.streamId, chunkSize, this.name);
    this.playing = { stream, reader: stream.addReader(this.deps.sessionId, 'rtmp', format, sink, preamble) };
    this.deps.log.info('play started', { stream: this.name });
    this.deps.started();
  }

  private refuse(err: unknown): void {
    if (this.stopped) return;
    const info = refusal('Play', err, this.name);
    this.deps.log.info('play refused', { stream: this.name, code: info.code, reason: errorText(err) });
    const { socket, chunkSize } = this.deps;
    if (!socket.destroyed) socket.write(encodeMessage(onStatus(this.streamId, info), chunkSize));
    this.deps.failed(`play refused: ${info.code}`);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function stackOf(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined;
}
