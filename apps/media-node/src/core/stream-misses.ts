import type { Logger } from '../log.ts';
import { StreamNotFoundError } from './errors.ts';
import type {
  AccessRequest,
  StreamLifecycle,
  StreamNotFoundDecision,
  StreamNotFoundReport,
} from './policy.ts';
import type { Stream } from './stream.ts';
import { type StreamKey, streamKeyId } from './stream-key.ts';
import type { StreamRegistry } from './stream-registry.ts';

/** What the misses need: the registry to wait on, where to report, how to start a pull. */
export interface StreamMissesDeps {
  readonly registry: Pick<StreamRegistry, 'waitFor'>;
  readonly report: (report: StreamNotFoundReport) => Promise<StreamNotFoundDecision>;
  /** Starts one pull for the key, unless something already feeds it. */
  readonly pull: (key: StreamKey, url: string, lifecycle: StreamLifecycle) => void;
  readonly log: Logger;
}

/** Players waiting for one missing stream key; reported once. */
interface Miss {
  /** One per waiting player; aborting it ends that player's wait. */
  readonly waiters: Set<AbortController>;
  /** Set when the control API said `fail`: what the waiters are told. */
  failure: string | undefined;
  /** The first player's request and lifecycle: what the report carries, and a pull's lifecycle. */
  readonly first: AccessRequest;
  readonly lifecycle: StreamLifecycle;
  /** False while the key's source is connecting: nothing is missing yet. */
  reported: boolean;
}

/**
 * Play before publish: the first player of a missing key reports the miss, later ones join it.
 * Each player waits up to its own decision's `maxStreamWaitMs`. A miss ends when the stream is
 * announced or its last player leaves; the next player then starts a new one (and a new report).
 * Players of a key whose source is still connecting share an unreported miss, reported only if
 * that source leaves before its first frame.
 */
export class StreamMisses {
  private readonly deps: StreamMissesDeps;
  private readonly misses = new Map<string, Miss>();

  constructor(deps: StreamMissesDeps) {
    this.deps = deps;
  }

  /** Players currently held for `key`. */
  waiting(key: StreamKey): number {
    return this.misses.get(streamKeyId(key))?.waiters.size ?? 0;
  }

  /**
   * Holds a player until the stream is announced; throws StreamNotFoundError on timeout, fail or abort.
   * `report` false: the key's source is connecting, so a new miss is not reported (yet).
   */
  async wait(
    req: AccessRequest,
    lifecycle: StreamLifecycle,
    signal?: AbortSignal,
    report = true,
  ): Promise<Stream> {
    if (signal?.aborted)
      throw new StreamNotFoundError(`player left before ${req.app}/${req.stream} was found`);
    const id = streamKeyId(req);
    let miss = this.misses.get(id);
    if (!miss) {
      miss = { waiters: new Set(), failure: undefined, first: req, lifecycle, reported: false };
      this.misses.set(id, miss);
    }
    if (report && !miss.reported) this.report(id, miss);
    const waiter = new AbortController();
    const onAbort = (): void => waiter.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    miss.waiters.add(waiter);
    try {
      const stream =
        lifecycle.maxStreamWaitMs > 0
          ? await this.deps.registry.waitFor(req, lifecycle.maxStreamWaitMs, waiter.signal)
          : undefined;
      if (stream) return stream;
      throw new StreamNotFoundError(miss.failure ?? `stream ${req.app}/${req.stream} not found`);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      miss.waiters.delete(waiter);
      if (miss.waiters.size === 0 && this.misses.get(id) === miss) this.misses.delete(id);
    }
  }

  /** Fails every player held for `key` now, e.g. because the pull meant to feed it failed before its first frame. */
  fail(key: StreamKey, reason: string): void {
    const id = streamKeyId(key);
    const miss = this.misses.get(id);
    if (!miss) return;
    this.end(id, miss, `stream ${key.app}/${key.stream} not found: ${reason}`);
  }

  /** The key's connecting source left before its first frame: its players are a miss now, reported once. */
  sourceLost(key: StreamKey): void {
    const id = streamKeyId(key);
    const miss = this.misses.get(id);
    if (miss && !miss.reported) this.report(id, miss);
  }

  private end(id: string, miss: Miss, failure: string): void {
    miss.failure = failure;
    if (this.misses.get(id) === miss) this.misses.delete(id);
    for (const waiter of miss.waiters) waiter.abort();
  }

  private report(id: string, miss: Miss): void {
    miss.reported = true;
    const { vhost, app, stream, protocol, params } = miss.first;
    this.deps
      .report({ vhost, app, stream, protocol, params: { ...params } })
      .catch((err: unknown): StreamNotFoundDecision => {
        this.deps.log.warn('stream-not-found report failed: waiting', { app, stream, reason: String(err) });
        return { action: 'wait' };
      })
      .then((decision) => {
        this.deps.log.info('stream miss decided', { app, stream, action: decision.action });
        const current = this.misses.get(id) === miss && miss.waiters.size > 0;
        if (decision.action === 'pull') {
          // Nobody is left to watch it (they left, or were not to be held at all): a pull would run unwatched.
          if (current) this.deps.pull(miss.first, decision.url, miss.lifecycle);
          else this.deps.log.info('pull decision came after its players left: not pulling', { app, stream });
        }
        if (decision.action === 'fail') {
          this.end(
            id,
            miss,
            `stream ${app}/${stream} not found${decision.reason ? `: ${decision.reason}` : ''}`,
          );
        }
      });
  }
}
