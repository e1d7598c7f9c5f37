import {
  AuthorizeDecision,
  type AuthorizeRequest,
  type Heartbeat,
  MAX_SESSION_EVENTS,
  type NodeEvent,
  type RegisterNode,
  type SessionEvent,
  type SessionEvents,
} from '@mediaplane/protocol';
import { AuthDeniedError, PolicyUnavailableError } from '../core/errors.ts';
import type { AudioConfig, VideoConfig } from '../core/frame.ts';
import type { AccessRequest, Policy, StreamEventSink, StreamLifecycle } from '../core/policy.ts';
import type { SessionListener, TrackedSession } from '../core/session-tracker.ts';
import { type StreamKey, streamKeyId } from '../core/stream-key.ts';
import { type BreakerState, CircuitBreaker } from './breaker.ts';
import { type ControlLog, DeliveryQueue } from './delivery-queue.ts';
import type { HeartbeatReport } from './heartbeat.ts';
import { type CallOutcome, postJson } from './http.ts';
import { lifecycleCalls } from './lifecycle-calls.ts';
import { toTracks } from './to-protocol.ts';

export type { ControlLog } from './delivery-queue.ts';

/** What to do when the control API cannot be asked: refuse (`closed`) or allow (`open`). */
export type FailPolicy = 'closed' | 'open';

export interface ControlClientOptions {
  /** The control API's base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  nodeId: string;
  /** Sent as `Authorization: Bearer <nodeSecret>`; never logged. */
  nodeSecret?: string | undefined;
  /** Per-request timeout. Default 2000. */
  timeoutMs?: number;
  /**
   * Timeout of the stream-not-found and no-viewers reports, which may wait on the app's decision URL
   * (up to 10 s) plus the API's own work. Default 12000.
   */
  lifecycleTimeoutMs?: number;
  /** Default `closed`. */
  failPolicy?: FailPolicy;
  log: ControlLog;
  /** Consecutive failures before failing fast (default 3), and for how long (default 5000 ms). */
  breaker?: { failureThreshold?: number; cooldownMs?: number };
  /** Event retry backoff: first delay (default 200 ms), cap (default 5000 ms). */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** Bound on undelivered events. Default 1000. */
  maxQueuedEvents?: number;
  /** Clock in ms, for the breaker and event timestamps. Default `Date.now`. */
  now?: () => number;
}

/** A stream a node holds, as reported at registration. */
export interface RegisteredStream extends StreamKey {
  readonly tracks: ReadonlyArray<VideoConfig | AudioConfig>;
}

/** What a node says about itself when it (re)registers. */
export interface NodeRegistration {
  readonly version: string;
  readonly urls?: { rtmp?: string; http?: string };
  /** The node's complete current set of streams; a freshly started node has none. */
  readonly streams?: ReadonlyArray<RegisteredStream>;
}

/** The node's only link to the control API: decisions in, facts out. */
export interface ControlClient extends Policy, StreamEventSink, Required<SessionListener> {
  /**
   * Announces the node, replacing what the API believes it holds. Queued in order with stream
   * events and retried while the API is down; resolves true once accepted, false if dropped.
   */
  register(info: NodeRegistration): Promise<boolean>;
  /** Reports liveness, load and audiences, queued with events; a newer one replaces one not yet sent. */
  heartbeat(report: HeartbeatReport): void;
  /** The breaker guarding authorize calls. */
  readonly breakerState: BreakerState;
  /** Tries to deliver queued events for up to `timeoutMs`, then aborts whatever is in flight. */
  close(): Promise<void>;
}

/** Creates the control API client the node uses as its Policy and StreamEventSink. */
export function createControlClient(opts: ControlClientOptions): ControlClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 2000;
  const lifecycleTimeoutMs = opts.lifecycleTimeoutMs ?? 12_000;
  const failPolicy = opts.failPolicy ?? 'closed';
  const now = opts.now ?? Date.now;
  const { log, nodeId } = opts;
  const aborter = new AbortController();
  let closed = false;
  let lastAt = 0;

  const breaker = new CircuitBreaker({
    failureThreshold: opts.breaker?.failureThreshold ?? 3,
    cooldownMs: opts.breaker?.cooldownMs ?? 5000,
    now,
    onStateChange: (state, failures) => {
      if (state === 'open') log.warn('control API unreachable: failing fast', { failures, failPolicy });
      else log.info('control API reachable again');
    },
  });

  const post = (path: string, body: unknown, ms: number): Promise<CallOutcome> =>
    postJson(`${baseUrl}${path}`, body, {
      timeoutMs: ms,
      signal: aborter.signal,
      nodeSecret: opts.nodeSecret,
    });

  const call = async (path: string, body: unknown): Promise<CallOutcome> => {
    const outcome = await post(path, body, timeoutMs);
    // A 4xx means the API is up; only silence or 5xx count against it.
    if (outcome.kind === 'unavailable') {
      if (!aborter.signal.aborted) breaker.failure();
    } else breaker.success();
    return outcome;
  };

  const queue = new DeliveryQueue({
    send: call,
    maxItems: opts.maxQueuedEvents ?? 1000,
    baseDelayMs: opts.retry?.baseDelayMs ?? 200,
    maxDelayMs: opts.retry?.maxDelayMs ?? 5000,
    log,
  });

  // Event times are the node's clock, strictly increasing so the API can order same-millisecond facts.
  const stamp = (): string => {
    lastAt = Math.max(now(), lastAt + 1);
    return new Date(lastAt).toISOString();
  };

  // Allowing open yields no lifecycle: the node's configured fallbacks apply.
  const unavailable = (action: string, req: AccessRequest, reason: string, quiet: boolean): undefined => {
    const fields = { action, app: req.app, stream: req.stream, reason };
    if (failPolicy === 'open') {
      if (!quiet) log.warn('control API unavailable: allowing (failPolicy open)', fields);
      return undefined;
    }
    if (!quiet) log.warn('control API unavailable: refusing (failPolicy closed)', fields);
    throw new PolicyUnavailableError(`control API unavailable (${reason})`);
  };

  const authorize = async (
    action: 'publish' | 'play',
    req: AccessRequest,
  ): Promise<StreamLifecycle | undefined> => {
    if (closed) return unavailable(action, req, 'client closed', true);
    if (!breaker.tryAcquire()) return unavailable(action, req, 'circuit open', true);
    const body: AuthorizeRequest = {
      vhost: req.vhost,
      app: req.app,
      stream: req.stream,
      params: { ...req.params },
      nodeId,
      action,
      protocol: req.protocol,
      sessionId: req.sessionId,
      ip: req.ip,
    };
    const outcome = await call('/node/v1/authorize', body);
    if (outcome.kind === 'unavailable') return unavailable(action, req, outcome.reason, false);
    if (outcome.kind === 'rejected') {
      // The API is up but refuses the node itself (bad secret, contract mismatch): never fail open on that.
      log.error('control API rejected an authorize request', {
        status: outcome.status,
        code: outcome.code,
        message: outcome.message,
      });
      throw new PolicyUnavailableError(`control API rejected the request: ${outcome.message}`);
    }
    const decision = AuthorizeDecision.safeParse(outcome.body);
    if (!decision.success) {
      log.error('control API sent an unreadable decision', { error: decision.error.message });
      throw new PolicyUnavailableError('control API sent an unreadable decision');
    }
    if (!decision.data.allow) throw new AuthDeniedError(decision.data.reason ?? 'denied by the control API');
    return decision.data.lifecycle;
  };

  const event = (key: StreamKey, build: (base: StreamKey & { nodeId: string; at: string }) => NodeEvent) => {
    if (closed) return;
    const base = { vhost: key.vhost, app: key.app, stream: key.stream, nodeId, at: stamp() };
    queue.push({ key: streamKeyId(key), path: '/node/v1/events', body: build(base) });
  };

  // Session facts of one tick (a burst of players) leave as one request, in order.
  let pendingSessions: SessionEvent[] = [];
  let flushScheduled = false;
  const flushSessions = (): void => {
    flushScheduled = false;
    while (pendingSessions.length > 0) {
      const body: SessionEvents = { nodeId, events: pendingSessions.slice(0, MAX_SESSION_EVENTS) };
      pendingSessions = pendingSessions.slice(MAX_SESSION_EVENTS);
      queue.push({ key: undefined, path: '/node/v1/sessions', body });
    }
  };
  const sessionEvent = (event: SessionEvent): void => {
    if (closed) return;
    pendingSessions.push(event);
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flushSessions);
  };

  return {
    authorizePublish: (req) => authorize('publish', req),
    authorizePlay: (req) => authorize('play', req),
    ...lifecycleCalls({
      nodeId,
      call: (path, body) => post(path, body, lifecycleTimeoutMs),
      circuitOpen: () => breaker.state === 'open',
      closed: () => closed,
      log,
    }),

    streamRegistered(key, tracks) {
      event(key, (base) => ({ type: 'stream.registered', ...base, tracks: toTracks(tracks) }));
    },
    streamUnregistered(key) {
      event(key, (base) => ({ type: 'stream.unregistered', ...base }));
    },

    sessionStarted(session) {
      sessionEvent({ type: 'session.started', ...sessionFacts(session), at: stamp() });
    },
    sessionEnded(ended) {
      sessionEvent({
        type: 'session.ended',
        ...sessionFacts(ended.session),
        at: stamp(),
        endedAt: new Date(ended.endedAt).toISOString(),
        bytesIn: ended.bytesIn,
        bytesOut: ended.bytesOut,
        durationMs: Math.max(0, Math.round(ended.endedAt - ended.session.startedAt)),
        reason: ended.reason.slice(0, 200),
      });
    },

    heartbeat(report) {
      if (closed) return;
      const body: Heartbeat = { nodeId, at: stamp(), ...report };
      queue.push({ key: 'heartbeat', path: '/node/v1/heartbeat', body, quiet: true });
    },

    register(info) {
      if (closed) return Promise.resolve(false);
      const body: RegisterNode = {
        nodeId,
        version: info.version,
        urls: { ...info.urls },
        streams: (info.streams ?? []).map((s) => ({
          vhost: s.vhost,
          app: s.app,
          stream: s.stream,
          tracks: toTracks(s.tracks),
        })),
        at: stamp(),
      };
      return new Promise((settle) => {
        queue.push({ key: undefined, replacesAll: true, path: '/node/v1/register', body, settle });
      });
    },

    get breakerState() {
      return breaker.state;
    },

    async close() {
      if (closed) return;
      closed = true;
      flushSessions();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([queue.idle(), grace]);
      clearTimeout(timer);
      if (queue.size > 0)
        log.warn('control client closing with undelivered events', { undelivered: queue.size });
      aborter.abort();
      await queue.close();
    },
  };
}

function sessionFacts(s: TrackedSession) {
  return {
    vhost: s.key.vhost,
    app: s.key.app,
    stream: s.key.stream,
    sessionId: s.id,
    protocol: s.protocol,
    role: s.role,
    ip: s.ip,
    startedAt: new Date(s.startedAt).toISOString(),
  };
}
