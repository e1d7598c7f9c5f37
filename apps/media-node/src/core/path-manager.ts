import type { Logger } from '../log.ts';
import { StreamNotFoundError } from './errors.ts';
import type { AudioConfig, VideoConfig } from './frame.ts';
import { NoViewerWatch } from './no-viewer-watch.ts';
import { Orphans } from './orphans.ts';
import type { AccessRequest, NoViewersReport, Policy, StreamEventSink, StreamLifecycle } from './policy.ts';
import type { PullFeed, PullStarter } from './pull.ts';
import type { Stream, StreamSource } from './stream.ts';
import type { StreamKey } from './stream-key.ts';
import { StreamMisses } from './stream-misses.ts';
import type { StreamRegistry } from './stream-registry.ts';

/** What every server needs from the node: decisions first, then streams. Servers never see each other. */
export interface PathManagerDeps {
  readonly registry: StreamRegistry;
  readonly policy: Policy;
  readonly events: StreamEventSink;
  readonly log: Logger;
  /** Lifecycle settings for decisions that carry none (an older control API, or failing open). */
  readonly lifecycle: StreamLifecycle;
  /** Starts the pulls the control API asks for; without it a pull decision only holds the players. */
  readonly pulls?: PullStarter | undefined;
  /**
   * A new stream whose source sends no media frame within this is removed (0 or absent: no limit).
   * A pull gets at least as long as its players wait: its origin may be holding it for a publisher.
   */
  readonly firstFrameTimeoutMs?: number | undefined;
}

/** How a stream's source ended. */
export interface SourceEnd {
  /** The publisher said it stopped (RTMP deleteStream, FCUnpublish, closeStream). */
  readonly clean: boolean;
  /** End the stream now whatever the lifecycle says, e.g. the control API closed the session. */
  readonly final?: boolean;
  /** The source that ended: if another one has taken the stream over since, nothing happens. */
  readonly source?: StreamSource | undefined;
}

/** Asks the control API before any media moves, and owns the publish/play lifecycle. */
export class PathManager {
  private readonly deps: PathManagerDeps;
  private readonly misses: StreamMisses;
  private readonly orphans: Orphans;
  private readonly watches = new Map<Stream, NoViewerWatch>();
  /** New streams waiting for their source's first frame, each with the timer that removes it. */
  private readonly firstFrames = new Map<Stream, NodeJS.Timeout>();

  constructor(deps: PathManagerDeps) {
    this.deps = deps;
    this.misses = new StreamMisses({
      registry: deps.registry,
      report: (r) => deps.policy.streamNotFound(r),
      pull: (key, url, lifecycle) => this.startPull(key, url, lifecycle),
      log: deps.log,
    });
    this.orphans = new Orphans({
      registry: deps.registry,
      pulls: deps.pulls,
      pullEnded: (s, source, reason) => this.endPublish(s, `pull ended: ${reason}`, { clean: false, source }),
      log: deps.log,
    });
    deps.registry.addListener({
      streamAdded: (s) => {
        clearTimeout(this.firstFrames.get(s));
        this.firstFrames.delete(s);
        deps.events.streamRegistered(s.key, tracksOf(s));
        this.watch(s);
      },
      streamRemoved: (s) => deps.events.streamUnregistered(s.key),
      streamClosed: (s) => {
        this.forget(s);
        if (!s.announced) this.neverAnnounced(s);
      },
    });
  }

  /**
   * Authorizes a publisher and reserves its stream key, or takes over a stream whose source dropped.
   * Throws AuthDeniedError, PolicyUnavailableError or StreamBusyError; the caller maps them.
   */
  async startPublish(req: AccessRequest, source: StreamSource): Promise<Stream> {
    const lifecycle = (await this.deps.policy.authorizePublish(req)) ?? this.deps.lifecycle;
    const held = this.deps.registry.get(req);
    if (held && this.orphans.release(held, 'a publisher took over the stream')) {
      held.takeOver(source);
      held.sourceKind = 'publisher';
      held.pullUrl = undefined;
      held.lifecycle = lifecycle;
      this.rewatch(held);
      this.deps.log.info('publisher took over a held stream', { app: req.app, stream: req.stream });
      return held;
    }
    const stream = this.deps.registry.create(req);
    stream.source = source;
    stream.lifecycle = lifecycle;
    this.expectFirstFrame(stream, this.deps.firstFrameTimeoutMs ?? 0);
    return stream;
  }

  /** The publisher's first frame has arrived: players may read the stream now. */
  publisherReady(stream: Stream): void {
    this.deps.registry.announce(stream);
  }

  /**
   * The stream's source left. It ends now (players closed), unless it dropped abnormally (or cleanly,
   * with `continueOnCleanStop`) and `continuePushMs` lets it wait for a source to take it over.
   */
  endPublish(stream: Stream, reason: string, end: SourceEnd = { clean: true }): void {
    if (this.deps.registry.get(stream.key) !== stream || stream.closed) return;
    if (end.source !== undefined && stream.source !== end.source) return;
    const lifecycle = stream.lifecycle ?? this.deps.lifecycle;
    const hold =
      !end.final &&
      stream.announced &&
      lifecycle.continuePushMs > 0 &&
      (!end.clean || lifecycle.continueOnCleanStop);
    if (hold) this.orphans.hold(stream, reason, lifecycle.continuePushMs);
    else this.deps.registry.remove(stream, reason, stream.announced);
  }

  /** Authorizes a player and finds its stream, holding it while the stream is missing; throws StreamNotFoundError. */
  async startPlay(req: AccessRequest, signal?: AbortSignal): Promise<Stream> {
    const lifecycle = (await this.deps.policy.authorizePlay(req)) ?? this.deps.lifecycle;
    if (signal?.aborted)
      throw new StreamNotFoundError(`player left before ${req.app}/${req.stream} was found`);
    const live = this.deps.registry.getLive(req);
    if (live) return live;
    // A key whose source is connecting (no frame yet) is not reported; its players still share the
    // key's miss, so a failed pull fails them too and a source that leaves makes them a reported miss.
    return this.misses.wait(req, lifecycle, signal, this.deps.registry.get(req) === undefined);
  }

  /** Players held for a missing `key` right now. */
  waitingFor(key: StreamKey): number {
    return this.misses.waiting(key);
  }

  /** Whether `stream` lost its source and is waiting for another to take over. */
  isOrphaned(stream: Stream): boolean {
    return this.orphans.has(stream);
  }

  /** Starts one pull for `key` as a control API decision asked, unless something already feeds it. */
  private startPull(key: StreamKey, url: string, lifecycle: StreamLifecycle): void {
    const { registry } = this.deps;
    const where = { app: key.app, stream: key.stream, from: originOf(url) };
    if (registry.get(key) !== undefined) return;
    if (!this.deps.pulls) {
      this.deps.log.warn('cannot pull on this node: players keep waiting', where);
      return;
    }
    const stream = registry.create(key);
    stream.sourceKind = 'pull';
    stream.lifecycle = lifecycle;
    stream.pullUrl = url;
    const log = this.deps.log.child({ pull: `${key.app}/${key.stream}` });
    let source: StreamSource | undefined;
    const feed: PullFeed = {
      stream,
      firstDataWithinMs: lifecycle.maxStreamWaitMs,
      ready: () => registry.announce(stream),
      ended: (reason) => {
        // Nothing else is coming for the players the pull was started for: tell them now, not at their timeout.
        if (!stream.announced) this.misses.fail(key, `pull failed: ${reason}`);
        this.endPublish(stream, `pull ended: ${reason}`, { clean: false, source });
      },
    };
    log.info('pulling stream', where);
    try {
      source = this.deps.pulls(url, feed, log);
    } catch (err) {
      log.warn('pull failed to start', {
        ...where,
        reason: err instanceof Error ? err.message : String(err),
      });
      registry.remove(stream, 'pull failed to start', stream.announced);
      return;
    }
    if (stream.closed) {
      source.close('stream already ended');
      return;
    }
    stream.source = source;
    const firstFrameMs = this.deps.firstFrameTimeoutMs ?? 0;
    this.expectFirstFrame(stream, firstFrameMs > 0 ? Math.max(firstFrameMs, lifecycle.maxStreamWaitMs) : 0);
  }

  /** Removes `stream` (closing its source) unless it is announced within `ms` (0: no limit). */
  private expectFirstFrame(stream: Stream, ms: number): void {
    if (ms <= 0) return;
    const timer = setTimeout(() => {
      this.firstFrames.delete(stream);
      const { app, stream: name } = stream.key;
      this.deps.log.info('source sent no media: removing its stream', { app, stream: name, ms });
      this.deps.registry.remove(stream, `no media within ${ms} ms`, false);
    }, ms);
    this.firstFrames.set(stream, timer);
  }

  /** A stream's source left before its first frame (pull failed, deadline, publisher gone, API close). */
  private neverAnnounced(stream: Stream): void {
    // Like a failed pull decision, a failed pull fails its players; after a publisher they keep waiting
    // for another (as ZLMediaKit does), as a miss reported once.
    if (stream.sourceKind === 'pull') this.misses.fail(stream.key, `pull failed: ${stream.closeReason}`);
    else this.misses.sourceLost(stream.key);
  }

  /** `idleSince`: carried over from a previous watch of the same stream. */
  private watch(stream: Stream, idleSince?: number): void {
    const delayMs = (stream.lifecycle ?? this.deps.lifecycle).noneReaderDelayMs;
    if (delayMs <= 0 || stream.closed) return;
    const deps = {
      noViewers: (r: NoViewersReport) => this.deps.policy.noViewers(r),
      close: (s: Stream, reason: string) => this.deps.registry.remove(s, reason, s.announced),
      log: this.deps.log.child({ app: stream.key.app, stream: stream.key.stream }),
    };
    const watch = new NoViewerWatch(stream, delayMs, deps, idleSince);
    this.watches.set(stream, watch);
    stream.onReadersChanged = () => watch.readersChanged();
  }

  /** A new source brought its own no-viewer delay: watch with it, keeping the unwatched time so far. */
  private rewatch(stream: Stream): void {
    const delayMs = Math.max(0, (stream.lifecycle ?? this.deps.lifecycle).noneReaderDelayMs);
    const current = this.watches.get(stream);
    if ((current?.delayMs ?? 0) === delayMs) return;
    const idleSince = current?.idleSince;
    this.unwatch(stream);
    this.watch(stream, idleSince);
  }

  private unwatch(stream: Stream): void {
    this.watches.get(stream)?.stop();
    this.watches.delete(stream);
    stream.onReadersChanged = undefined;
  }

  /** A stream ended (any way, API close included): nothing may wait on it any more. */
  private forget(stream: Stream): void {
    clearTimeout(this.firstFrames.get(stream));
    this.firstFrames.delete(stream);
    this.orphans.release(stream);
    this.unwatch(stream);
  }
}

function tracksOf(stream: Stream): Array<VideoConfig | AudioConfig> {
  const { video, audio } = stream.currentConfig;
  return [video, audio].filter((t): t is VideoConfig | AudioConfig => t !== undefined);
}

/** Scheme and host of a pull URL, for logs: its path or query may carry a secret. */
function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid URL';
  }
}
