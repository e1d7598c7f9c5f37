import type { Logger } from '../log.ts';
import { StreamNotFoundError } from './errors.ts';
import type { AudioConfig, VideoConfig } from './frame.ts';
import type { AccessRequest, Policy, StreamEventSink } from './policy.ts';
import type { Stream, StreamSource } from './stream.ts';
import type { StreamRegistry } from './stream-registry.ts';

/** What every server needs from the node: decisions first, then streams. Servers never see each other. */
export interface PathManagerDeps {
  readonly registry: StreamRegistry;
  readonly policy: Policy;
  readonly events: StreamEventSink;
  readonly log: Logger;
  /** How long a player for a missing stream is held before not-found. */
  readonly maxStreamWaitMs: number;
}

/** Asks the control API before any media moves, and owns the publish/play lifecycle. */
export class PathManager {
  private readonly deps: PathManagerDeps;

  constructor(deps: PathManagerDeps) {
    this.deps = deps;
    deps.registry.addListener({
      streamAdded: (s) => deps.events.streamRegistered(s.key, tracksOf(s)),
      streamRemoved: (s) => deps.events.streamUnregistered(s.key),
    });
  }

  /**
   * Authorizes a publisher and reserves its stream key. Throws AuthDeniedError,
   * PolicyUnavailableError or StreamBusyError; the caller maps them to its wire reply.
   */
  async startPublish(req: AccessRequest, source: StreamSource): Promise<Stream> {
    await this.deps.policy.authorizePublish(req);
    const stream = this.deps.registry.create(req);
    stream.source = source;
    return stream;
  }

  /** The publisher's first frame has arrived: players may read the stream now. */
  publisherReady(stream: Stream): void {
    this.deps.registry.announce(stream);
  }

  /** The publisher left (or was closed): the stream ends and its players are closed. */
  endPublish(stream: Stream, reason: string): void {
    this.deps.registry.remove(stream, reason, stream.announced);
  }

  /** Authorizes a player and finds its stream, holding it up to the wait time; throws StreamNotFoundError. */
  async startPlay(req: AccessRequest, signal?: AbortSignal): Promise<Stream> {
    await this.deps.policy.authorizePlay(req);
    const live = this.deps.registry.getLive(req);
    if (live) return live;
    const waited =
      this.deps.maxStreamWaitMs > 0
        ? await this.deps.registry.waitFor(req, this.deps.maxStreamWaitMs, signal)
        : undefined;
    if (!waited) throw new StreamNotFoundError(`stream ${req.app}/${req.stream} not found`);
    return waited;
  }
}

function tracksOf(stream: Stream): Array<VideoConfig | AudioConfig> {
  const { video, audio } = stream.currentConfig;
  return [video, audio].filter((t): t is VideoConfig | AudioConfig => t !== undefined);
}
