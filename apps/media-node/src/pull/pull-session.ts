import { randomBytes } from 'node:crypto';
import type { PullFeed } from '../core/pull.ts';
import type { StreamSource } from '../core/stream.ts';
import { FlvTagIngest } from '../ingest/flv-tag-ingest.ts';
import type { Logger } from '../log.ts';
import { redactUrl } from './redact-url.ts';

/** Timeouts shared by the pull clients. */
export interface PullTimeouts {
  /** From the start until the first stream data arrives (lookup, connect, response or play). */
  readonly connectTimeoutMs: number;
  /** Longest silence once data flows. */
  readonly idleTimeoutMs: number;
}

/**
 * One pull's lifecycle, as the StreamSource the node holds: the remote end is reported through
 * `feed.ended` once, never after `close()`; both drop the connection at once.
 */
export class PullSession implements StreamSource {
  readonly id = `pull-${randomBytes(6).toString('hex')}`;
  readonly protocol: string;
  readonly ingest: FlvTagIngest;
  readonly log: Logger;
  private state: 'running' | 'ended' | 'closed' = 'running';
  private teardown: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly feed: PullFeed;
  private idleTimeoutMs: number | undefined;

  /** A session for a pull client: logs its (redacted) URL and gives it `connectTimeoutMs` to deliver data. */
  static start(protocol: string, url: URL, feed: PullFeed, log: Logger, timeouts: PullTimeouts): PullSession {
    const session = new PullSession(protocol, feed, log);
    session.log.info('pull starting', { url: redactUrl(url) });
    session.idleTimeoutMs = timeouts.idleTimeoutMs;
    session.watch(timeouts.connectTimeoutMs, `no data within ${timeouts.connectTimeoutMs} ms`);
    return session;
  }

  constructor(protocol: string, feed: PullFeed, log: Logger) {
    this.protocol = protocol;
    this.feed = feed;
    this.log = log.child({ pull: this.id, protocol });
    this.ingest = new FlvTagIngest(feed.stream, this.log, () => {
      if (this.running) this.notify(() => feed.ready());
    });
  }

  /** False once the pull ended or was closed: stop feeding. */
  get running(): boolean {
    return this.state === 'running';
  }

  /** How to drop the connection; runs at once when the session already stopped. */
  onTeardown(fn: () => void): void {
    if (this.running) this.teardown = fn;
    else fn();
  }

  /** (Re)arms the watchdog: unless touched or re-armed within `ms`, the pull ends with `reason`. */
  watch(ms: number, reason: string): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => this.end(reason), ms);
  }

  /** Data arrived: the first data swaps the connect deadline for the idle one, later data restarts it. */
  dataArrived(): void {
    const idleMs = this.idleTimeoutMs;
    if (idleMs === undefined) {
      this.timer?.refresh();
      return;
    }
    this.idleTimeoutMs = undefined;
    this.watch(idleMs, `no data for ${idleMs} ms`);
  }

  /** The remote ended or failed: reported once, unless close() came first. */
  end(reason: string): void {
    if (!this.running) return;
    this.state = 'ended';
    this.stop();
    this.log.info('pull ended', { reason });
    this.notify(() => this.feed.ended(reason));
  }

  close(reason: string): void {
    if (!this.running) return;
    this.state = 'closed';
    this.stop();
    this.log.info('pull closed', { reason });
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const teardown = this.teardown;
    this.teardown = undefined;
    teardown?.();
  }

  // Feed callbacks run inside socket handlers; a throwing one must not take the process down.
  private notify(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.log.error('pull feed callback failed', { error: err });
    }
  }
}

/** A safe-to-log one-line reason for a failure. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
