import type { Logger } from '../log.ts';
import type { PullStarter } from './pull.ts';
import { RePull } from './re-pull.ts';
import type { Stream, StreamSource } from './stream.ts';
import type { StreamRegistry } from './stream-registry.ts';

/** What holding orphaned streams needs. */
export interface OrphansDeps {
  readonly registry: Pick<StreamRegistry, 'remove'>;
  /** Pulls orphaned pulled streams again; without it they just wait. */
  readonly pulls: PullStarter | undefined;
  /** A re-pull that had fed the stream again ended later: a new drop, for the owner to handle. */
  readonly pullEnded: (stream: Stream, source: StreamSource, reason: string) => void;
  readonly log: Logger;
}

/** A held stream: the timer that removes it if nobody takes over, and its re-pull. */
interface Orphan {
  readonly timer: NodeJS.Timeout;
  /** When the timer fires (Date.now() time). */
  readonly until: number;
  readonly rePull: RePull | undefined;
}

/**
 * Streams whose source dropped, held (players kept) for a new source to take over until their window
 * ends. A pulled one is pulled again from its URL meanwhile; a re-pull's first frame ends the hold.
 */
export class Orphans {
  private readonly deps: OrphansDeps;
  private readonly held = new Map<Stream, Orphan>();

  constructor(deps: OrphansDeps) {
    this.deps = deps;
  }

  has(stream: Stream): boolean {
    return this.held.has(stream);
  }

  /** Detaches the stream's source and holds it for `ms`, then removes it unless released. */
  hold(stream: Stream, reason: string, ms: number): void {
    stream.detachSource();
    const { app, stream: name } = stream.key;
    this.deps.log.info('source lost: holding the stream for a new one', { app, stream: name, ms, reason });
    const timer = setTimeout(() => {
      this.deps.registry.remove(stream, `${reason}; no source took over within ${ms} ms`, true);
    }, ms);
    const url = stream.sourceKind === 'pull' ? stream.pullUrl : undefined;
    const pulls = this.deps.pulls;
    this.held.set(stream, {
      timer,
      until: Date.now() + ms,
      rePull: url !== undefined && pulls ? this.rePull(stream, url, pulls) : undefined,
    });
  }

  /** Ends the hold if `stream` is held; `reason` also closes a re-pull attempt in progress. */
  release(stream: Stream, reason?: string): boolean {
    const orphan = this.held.get(stream);
    if (!orphan) return false;
    clearTimeout(orphan.timer);
    orphan.rePull?.stop(reason);
    this.held.delete(stream);
    return true;
  }

  private rePull(stream: Stream, url: string, pulls: PullStarter): RePull {
    return new RePull({
      stream,
      url,
      pulls,
      remainingMs: () => (this.held.get(stream)?.until ?? 0) - Date.now(),
      recovered: () => this.release(stream),
      ended: (source, reason) => this.deps.pullEnded(stream, source, reason),
      log: this.deps.log.child({ pull: `${stream.key.app}/${stream.key.stream}` }),
    });
  }
}
