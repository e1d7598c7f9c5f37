import type { PullStarter } from '../core/pull.ts';
import { startHttpFlvPull } from './http-flv/client.ts';
import { PullSession } from './pull-session.ts';
import { startRtmpPull } from './rtmp/pull.ts';

/** How pulls connect; timeouts default to 5 s until data flows and 10 s of silence after. */
export interface PullStarterOptions {
  /** Let pulls reach loopback, private and link-local addresses (the control API vets URLs already). */
  readonly allowPrivate: boolean;
  readonly connectTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  /** Largest HTTP-FLV tag accepted (default 8 MiB, as for RTMP messages). */
  readonly maxTagBytes?: number;
}

/** A PullStarter for rtmp, rtmps, http and https (FLV) URLs. */
export function createPullStarter(options: PullStarterOptions): PullStarter {
  const defaults = {
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
  };
  return (raw, feed, log) => {
    // An origin may itself hold the play until its publisher arrives: give it as long as our players wait.
    const timeouts = {
      ...defaults,
      connectTimeoutMs: Math.max(defaults.connectTimeoutMs, feed.firstDataWithinMs ?? 0),
    };
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    switch (url?.protocol) {
      case 'rtmp:':
      case 'rtmps:':
        return startRtmpPull(url, feed, log, { ...timeouts, allowPrivate: options.allowPrivate });
      case 'http:':
      case 'https:':
        return startHttpFlvPull(url, feed, log, {
          ...timeouts,
          allowPrivate: options.allowPrivate,
          maxTagBytes: options.maxTagBytes ?? 8 * 1024 * 1024,
        });
      default: {
        // Ended on the next turn, so the caller holds the source before hearing of its end.
        const session = new PullSession('unknown-pull', feed, log);
        setImmediate(() => session.end(url ? 'unsupported scheme' : 'invalid URL'));
        return session;
      }
    }
  };
}

/** The default starter: pulls may only reach public addresses. */
export const startPull: PullStarter = createPullStarter({ allowPrivate: false });
