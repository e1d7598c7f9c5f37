import { StreamBusyError } from './errors.ts';
import { Stream, type StreamOptions } from './stream.ts';
import { type StreamKey, streamKeyId } from './stream-key.ts';

/** Observes streams coming and going, e.g. to report them to the control API. */
export interface RegistryListener {
  /** The stream was announced: players may read it. */
  streamAdded?(stream: Stream): void;
  /** An announced stream was removed. */
  streamRemoved?(stream: Stream): void;
  /** Any stream was removed, announced or not (after streamRemoved). */
  streamClosed?(stream: Stream): void;
}

interface Waiter {
  resolve(stream: Stream): void;
}

/** All live streams of a node, keyed by (vhost, app, stream). */
export class StreamRegistry {
  private readonly streams = new Map<string, Stream>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly options: StreamOptions;
  private readonly listeners: RegistryListener[] = [];

  constructor(options: StreamOptions) {
    this.options = options;
  }

  addListener(listener: RegistryListener): void {
    this.listeners.push(listener);
  }

  get(key: StreamKey): Stream | undefined {
    return this.streams.get(streamKeyId(key));
  }

  /** The stream if players may read it now. */
  getLive(key: StreamKey): Stream | undefined {
    const s = this.streams.get(streamKeyId(key));
    return s?.announced ? s : undefined;
  }

  list(): Stream[] {
    return [...this.streams.values()];
  }

  /** Creates the stream for a new publisher or pull; throws StreamBusyError when one already holds the key. */
  create(key: StreamKey): Stream {
    const id = streamKeyId(key);
    if (this.streams.has(id)) throw new StreamBusyError(`stream ${id} already has a publisher`);
    const stream = new Stream({ vhost: key.vhost, app: key.app, stream: key.stream }, this.options);
    this.streams.set(id, stream);
    return stream;
  }

  /** Makes a created stream visible to players and listeners once its tracks are known. */
  announce(stream: Stream): void {
    if (stream.announced || stream.closed) return;
    stream.announced = true;
    for (const l of this.listeners) l.streamAdded?.(stream);
    const waiting = this.waiters.get(streamKeyId(stream.key));
    if (!waiting) return;
    this.waiters.delete(streamKeyId(stream.key));
    for (const w of waiting) w.resolve(stream);
  }

  /** Closes and forgets a stream; listeners hear about it once. */
  remove(stream: Stream, reason: string, announced: boolean): void {
    const id = streamKeyId(stream.key);
    if (this.streams.get(id) !== stream) return;
    this.streams.delete(id);
    stream.close(reason);
    if (announced) for (const l of this.listeners) l.streamRemoved?.(stream);
    for (const l of this.listeners) l.streamClosed?.(stream);
  }

  /**
   * Resolves with the stream once it is announced, or undefined after `timeoutMs` or on abort.
   * All players waiting for one key share one entry.
   */
  waitFor(key: StreamKey, timeoutMs: number, signal?: AbortSignal): Promise<Stream | undefined> {
    const id = streamKeyId(key);
    // A player that already left holds nothing: no entry, no timer.
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let set = this.waiters.get(id);
      if (!set) {
        set = new Set();
        this.waiters.set(id, set);
      }
      const done = (stream: Stream | undefined): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(waiter);
        if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
        resolve(stream);
      };
      const waiter: Waiter = { resolve: done };
      const onAbort = (): void => done(undefined);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Players waiting for `key` to be announced right now. */
  waiterCount(key: StreamKey): number {
    return this.waiters.get(streamKeyId(key))?.size ?? 0;
  }

  /** Closes every stream, e.g. at shutdown. */
  closeAll(reason: string): void {
    for (const s of this.list()) this.remove(s, reason, true);
  }
}
