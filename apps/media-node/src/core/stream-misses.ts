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
}

/**
 * Play before publish: the first player of a missing key reports the miss, later ones join it.
 * Each player waits up to its own decision's `maxStreamWaitMs`. A miss ends when the stream is
 * announced or its last player leaves; the next player then starts a new one (and a new report).
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

  /** Holds a player until the stream is announced; throws StreamNotFoundError on timeout, fail or abort. */
  async wait(req: AccessRequest, lifecycle: StreamLifecycle, signal?: AbortSignal): Promise<Stream> {
    const id = streamKeyId(req);
    let miss = this.misses.get(id);
    if (!miss) {
      miss = { waiters: new Set(), failure: undefined };
      this.misses.set(id, miss);
      this.report(id, miss, req, lifecycle);
    }
    const waiter = new AbortController();
    const onAbort = (): void => waiter.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) waiter.abort();
    miss.waiters.add(waiter);
    try {
      const stream =
        lifecycle.maxStreamWaitMs > 0 && !waiter.signal.aborted
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
    miss.failure = `stream ${key.app}/${key.stream} not found: ${reason}`;
    this.misses.delete(id);
    for (const waiter of miss.waiters) waiter.abort();
  }

  private report(id: string, miss: Miss, req: AccessRequest, lifecycle: StreamLifecycle): void {
    const { vhost, app, stream, protocol } = req;
    this.deps
      .report({ vhost, app, stream, protocol, params: { ...req.params } })
      .catch((err: unknown): StreamNotFoundDecision => {
        this.deps.log.warn('stream-not-found report failed: waiting', { app, stream, reason: String(err) });
        return { action: 'wait' };
      })
      .then((decision) => {
        this.deps.log.info('stream miss decided', { app, stream, action: decision.action });
        if (decision.action === 'pull') this.deps.pull(req, decision.url, lifecycle);
        if (decision.action !== 'fail') return;
        miss.failure = `stream ${app}/${stream} not found${decision.reason ? `: ${decision.reason}` : ''}`;
        if (this.misses.get(id) === miss) this.misses.delete(id);
        for (const waiter of miss.waiters) waiter.abort();
      });
  }
}
