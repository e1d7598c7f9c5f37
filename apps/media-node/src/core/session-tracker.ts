import type { SessionProtocol } from './policy.ts';
import type { StreamKey } from './stream-key.ts';

/** What a session does on its stream. */
export type SessionRole = 'publisher' | 'player';

/** What a server reports when a session starts publishing or playing. */
export interface SessionInfo {
  /** The id the session sent to the policy (authorize). */
  readonly id: string;
  readonly role: SessionRole;
  readonly protocol: SessionProtocol;
  /** The stream only: never the query, which may carry a token. */
  readonly key: StreamKey;
  readonly ip: string;
  /** Bytes received from the client so far. */
  bytesIn(): number;
  /** Bytes sent to the client so far. */
  bytesOut(): number;
  /** Disconnects the client; the server then ends the session as it does for any close. */
  close(reason: string): void;
}

/** A session the tracker holds. */
export interface TrackedSession extends SessionInfo {
  /** When it started, ms since the epoch. */
  readonly startedAt: number;
}

/** The flow report of an ended session. */
export interface EndedSession {
  readonly session: TrackedSession;
  readonly endedAt: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly reason: string;
}

/** Hears sessions start and end, e.g. to report them to the control API. */
export interface SessionListener {
  sessionStarted?(session: TrackedSession): void;
  sessionEnded?(ended: EndedSession): void;
}

/** A started session, as its server holds it: ending it is idempotent. */
export interface OpenSession {
  end(reason: string): void;
}

/** The narrow port servers report into. */
export interface SessionReporter {
  open(info: SessionInfo): OpenSession;
}

/** Every open publisher and player session of a node, by id, so the API can find and close one. */
export class SessionTracker implements SessionReporter {
  private readonly sessions = new Map<string, TrackedSession>();
  private readonly listener: SessionListener;
  private readonly now: () => number;

  constructor(listener: SessionListener = {}, now: () => number = Date.now) {
    this.listener = listener;
    this.now = now;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): TrackedSession | undefined {
    return this.sessions.get(id);
  }

  list(): TrackedSession[] {
    return [...this.sessions.values()];
  }

  open(info: SessionInfo): OpenSession {
    // One connection publishing again after an unpublish reuses its id: the first session is over.
    const previous = this.sessions.get(info.id);
    if (previous) this.end(previous, 'replaced by a new session');
    const session: TrackedSession = {
      id: info.id,
      role: info.role,
      protocol: info.protocol,
      key: { vhost: info.key.vhost, app: info.key.app, stream: info.key.stream },
      ip: info.ip,
      startedAt: this.now(),
      bytesIn: () => info.bytesIn(),
      bytesOut: () => info.bytesOut(),
      close: (reason) => info.close(reason),
    };
    this.sessions.set(info.id, session);
    this.listener.sessionStarted?.(session);
    return { end: (reason) => this.end(session, reason) };
  }

  /** Disconnects a session's client; false when no such session is open. */
  close(id: string, reason: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    session.close(reason);
    // Servers end their session on close; this covers one that does not do it synchronously.
    this.end(session, reason);
    return true;
  }

  private end(session: TrackedSession, reason: string): void {
    if (this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    this.listener.sessionEnded?.({
      session,
      endedAt: this.now(),
      bytesIn: session.bytesIn(),
      bytesOut: session.bytesOut(),
      reason,
    });
  }
}
