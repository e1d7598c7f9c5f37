import type { RtmpMessage } from '../../src/protocols/rtmp/message.ts';
import { connectRtmp, type RtmpClient, RtmpStatusError } from '../../src/pull/rtmp/client.ts';
import { playHttpFlv, type SeenTag } from './flv-player.ts';

/** Where a node listens; a Stack's node and a node process both have these. */
export interface NodeAddress {
  readonly rtmpPort: number;
  readonly httpPort: number;
}

/** One media message as a test player saw it, whatever the protocol. */
export interface SeenFrame {
  readonly kind: 'audio' | 'video' | 'script';
  readonly timestamp: number;
  /** Video: a key frame. */
  readonly keyframe?: boolean;
  /** Audio/video: a sequence header (decoder config), not media. */
  readonly config?: boolean;
  /** Wall-clock arrival, ms since the epoch. */
  readonly at: number;
}

/** Where a player stands: still held (`pending`), playing, refused, or gone after playing. */
export type PlayerOutcome = 'pending' | 'playing' | 'not-found' | 'denied' | 'failed' | 'closed';

/** A player of any protocol, as the lifecycle tests need it. */
export interface TestPlayer {
  readonly protocol: string;
  readonly frames: readonly SeenFrame[];
  readonly outcome: PlayerOutcome;
  /** When the play request left (HTTP: the GET was written; RTMP: the play command was sent). */
  readonly requestedAt: number | undefined;
  /** When the outcome left `pending` for a refusal, or the connection closed; undefined while open. */
  readonly endedAt: number | undefined;
  /** True once the connection is gone. */
  readonly closed: boolean;
  /** Why it failed, for assertion messages. */
  readonly detail: string;
  close(): void;
}

/** A player protocol the lifecycle tests run against; add one here and every test covers it. */
export interface PlayerProtocol {
  readonly name: string;
  open(node: NodeAddress, app: string, stream: string, params?: Record<string, string>): TestPlayer;
}

function query(params?: Record<string, string>): string {
  const q = new URLSearchParams(params ?? {}).toString();
  return q ? `?${q}` : '';
}

const tagKind = (t: SeenTag): SeenFrame => ({
  kind: t.type,
  timestamp: t.timestamp,
  at: t.at,
  ...(t.keyframe !== undefined ? { keyframe: t.keyframe } : {}),
  ...(t.config !== undefined ? { config: t.config } : {}),
});

/** HTTP-FLV over a raw socket: 200 plays, 404 is not-found, 401/403 denied. */
export const httpFlvPlayer: PlayerProtocol = {
  name: 'http-flv',
  open(node, app, stream, params) {
    const raw = playHttpFlv(node.httpPort, `/${app}/${stream}.live.flv${query(params)}`);
    let requestedAt: number | undefined;
    let endedAt: number | undefined;
    let refusedAt: number | undefined;
    raw.socket.once('connect', () => {
      requestedAt = Date.now();
    });
    // Registered after playHttpFlv's own listener, so the status is parsed when this runs.
    raw.socket.on('data', () => {
      if (raw.status !== undefined && raw.status !== 200 && refusedAt === undefined) refusedAt = Date.now();
    });
    raw.socket.once('close', () => {
      endedAt = refusedAt ?? Date.now();
    });
    return {
      protocol: 'http-flv',
      get frames() {
        return raw.tags.map(tagKind);
      },
      get outcome(): PlayerOutcome {
        const s = raw.status;
        if (s === 404) return 'not-found';
        if (s === 401 || s === 403) return 'denied';
        if (s !== undefined && s !== 200) return 'failed';
        if (raw.closed) return 'closed';
        return s === 200 ? 'playing' : 'pending';
      },
      get requestedAt() {
        return requestedAt;
      },
      get endedAt() {
        return refusedAt ?? endedAt;
      },
      get closed() {
        return raw.closed;
      },
      get detail() {
        return `http status ${raw.status ?? 'none'}`;
      },
      close: () => raw.close(),
    };
  },
};

function rtmpFrame(m: RtmpMessage, at: number): SeenFrame {
  if (m.typeId === 9) {
    const codec = m.payload[0]! & 0x0f;
    return {
      kind: 'video',
      timestamp: m.timestamp,
      keyframe: m.payload[0]! >> 4 === 1,
      config: (codec === 7 || codec === 12) && m.payload[1] === 0,
      at,
    };
  }
  if (m.typeId === 8) {
    return {
      kind: 'audio',
      timestamp: m.timestamp,
      config: m.payload[0]! >> 4 === 10 && m.payload[1] === 0,
      at,
    };
  }
  return { kind: 'script', timestamp: m.timestamp, at };
}

/** RTMP through the node's own client: Play.Start plays, StreamNotFound is not-found, Unauthorized denied. */
export const rtmpPlayer: PlayerProtocol = {
  name: 'rtmp',
  open(node, app, stream, params) {
    const frames: SeenFrame[] = [];
    const state = {
      outcome: 'pending' as PlayerOutcome,
      requestedAt: undefined as number | undefined,
      endedAt: undefined as number | undefined,
      closed: false,
      detail: '',
      client: undefined as RtmpClient | undefined,
      closeRequested: false,
    };
    const end = (outcome: PlayerOutcome, detail: string): void => {
      if (state.endedAt !== undefined) return;
      state.endedAt = Date.now();
      state.outcome = outcome;
      state.detail = detail;
    };
    // Generous step deadline: a held play may wait the app's whole maxStreamWaitMs for its reply.
    void connectRtmp(`rtmp://127.0.0.1:${node.rtmpPort}/${app}/${stream}`, { timeoutMs: 60_000 })
      .then(async (client) => {
        state.client = client;
        client.on('message', (m) => frames.push(rtmpFrame(m, Date.now())));
        client.once('close', (err) => {
          state.closed = true;
          end('closed', err ? err.message : 'closed');
        });
        if (state.closeRequested) return client.close();
        state.requestedAt = Date.now();
        await client.play(`${stream}${query(params)}`);
        if (state.outcome === 'pending') state.outcome = 'playing';
      })
      .catch((err: unknown) => {
        const code = err instanceof RtmpStatusError ? err.code : '';
        if (code === 'NetStream.Play.StreamNotFound') end('not-found', code);
        else if (code === 'NetStream.Play.Unauthorized') end('denied', code);
        else end(state.closed ? 'closed' : 'failed', err instanceof Error ? err.message : String(err));
      });
    return {
      protocol: 'rtmp',
      frames,
      get outcome() {
        return state.outcome;
      },
      get requestedAt() {
        return state.requestedAt;
      },
      get endedAt() {
        return state.endedAt;
      },
      get closed() {
        return state.closed;
      },
      get detail() {
        return state.detail;
      },
      close() {
        state.closeRequested = true;
        state.client?.close();
      },
    };
  },
};

/** Every player protocol the lifecycle suite covers. */
export const PLAYER_PROTOCOLS: readonly PlayerProtocol[] = [rtmpPlayer, httpFlvPlayer];

/** Media frames only: no script data, no sequence headers. */
export function mediaFrames(player: TestPlayer): SeenFrame[] {
  return player.frames.filter((f) => f.kind !== 'script' && !f.config);
}

/** Per kind, the first place a timestamp goes backwards, or undefined when none does. */
export function timestampRegression(frames: readonly SeenFrame[]): string | undefined {
  const last = new Map<string, number>();
  for (const f of frames) {
    if (f.kind === 'script') continue;
    const prev = last.get(f.kind);
    if (prev !== undefined && f.timestamp < prev) return `${f.kind} ${prev} -> ${f.timestamp} at ${f.at}`;
    last.set(f.kind, f.timestamp);
  }
  return undefined;
}
