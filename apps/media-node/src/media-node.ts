import type { MediaNodeConfig } from './config/schema.ts';
import { HeartbeatBuilder, type HeartbeatReport, startHeartbeat } from './control/heartbeat.ts';
import { PathManager } from './core/path-manager.ts';
import type { Policy, StreamEventSink } from './core/policy.ts';
import type { PullStarter } from './core/pull.ts';
import { type SessionListener, SessionTracker } from './core/session-tracker.ts';
import { StreamRegistry } from './core/stream-registry.ts';
import type { Logger } from './log.ts';
import { flvOutputFormat } from './protocols/flv/output-format.ts';
import { flvFileHeader } from './protocols/flv/tag-header.ts';
import { createPullStarter } from './pull/start-pull.ts';
import { nodeCommandHandler } from './servers/admin/commands.ts';
import { HttpServer } from './servers/http/server.ts';
import { RtmpServer } from './servers/rtmp/server.ts';

/** Facts a node reports; the control client hears them all, a bare sink only stream facts. */
export type NodeEventSink = StreamEventSink &
  SessionListener & {
    /** Called every `control.heartbeatMs` with the node's load and its streams' audiences. */
    heartbeat?(report: HeartbeatReport): void;
  };

/** Where decisions come from and where facts go; the control client in production. */
export interface MediaNodeDeps {
  readonly policy: Policy;
  readonly events: NodeEventSink;
  readonly log: Logger;
  /** Starts the pulls the control API decides on; default: the RTMP/HTTP-FLV pull clients. */
  readonly pulls?: PullStarter;
}

/** A running media node. */
export interface MediaNode {
  readonly registry: StreamRegistry;
  /** Open publisher and player sessions. */
  readonly sessions: SessionTracker;
  readonly rtmpPort: number;
  readonly httpPort: number;
  close(): Promise<void>;
}

/** Wires the core to every server and starts listening; nothing here decides policy. */
export async function startMediaNode(config: MediaNodeConfig, deps: MediaNodeDeps): Promise<MediaNode> {
  const { log, events } = deps;
  const registry = new StreamRegistry({
    gop: { maxBytes: config.media.gopCacheMaxBytes, maxItems: 10_000 },
    readerQueueBytes: config.media.readerQueueBytes,
    readerStallTimeoutMs: config.media.readerStallTimeoutMs,
    maxFlushDelayMs: config.media.maxFlushDelayMs,
    mergeWrites:
      config.media.mergeWriteMs > 0
        ? { readers: config.media.mergeWriteReaders, intervalMs: config.media.mergeWriteMs }
        : undefined,
  });
  const paths = new PathManager({
    registry,
    policy: deps.policy,
    events: deps.events,
    log,
    lifecycle: {
      maxStreamWaitMs: config.media.maxStreamWaitMs,
      noneReaderDelayMs: config.media.noneReaderDelayMs,
      continuePushMs: config.media.continuePushMs,
      continueOnCleanStop: config.media.continueOnCleanStop,
    },
    pulls: deps.pulls ?? createPullStarter({ allowPrivate: config.pull.allowPrivate }),
    firstFrameTimeoutMs: config.media.firstFrameTimeoutMs,
  });
  const sessions = new SessionTracker({
    sessionStarted: (s) => events.sessionStarted?.(s),
    sessionEnded: (e) => events.sessionEnded?.(e),
  });
  const rtmp = new RtmpServer({
    paths,
    sessions,
    log: log.child({ server: 'rtmp' }),
    host: config.rtmp.host,
    port: config.rtmp.port,
    session: config.rtmp,
  });
  const http = new HttpServer({
    paths,
    flv: { format: flvOutputFormat, fileHeader: (audio, video) => flvFileHeader({ audio, video }) },
    log: log.child({ server: 'http' }),
    host: config.http.host,
    port: config.http.port,
    cors: config.http.cors,
    sessions,
    commands: nodeCommandHandler({
      registry,
      sessions,
      secret: config.control.nodeSecret,
      log: log.child({ server: 'commands' }),
    }),
  });
  await rtmp.start();
  try {
    await http.start();
  } catch (err) {
    await rtmp.close();
    throw err;
  }
  log.info('media node listening', { nodeId: config.node.id, rtmp: rtmp.port, http: http.port });
  const builder = new HeartbeatBuilder({ streams: () => registry.list(), sessionCount: () => sessions.size });
  const beating = events.heartbeat
    ? startHeartbeat({
        intervalMs: config.control.heartbeatMs,
        build: () => builder.build(),
        send: (report) => events.heartbeat?.(report),
      })
    : undefined;
  return {
    registry,
    sessions,
    rtmpPort: rtmp.port,
    httpPort: http.port,
    async close() {
      beating?.stop();
      registry.closeAll('node shutting down');
      await Promise.all([rtmp.close(), http.close()]);
    },
  };
}

/** Version reported to the control API at registration. */
export const MEDIA_NODE_VERSION = '0.1.0';

/** What a freshly started node tells the control API about itself: where it is, and no streams yet. */
export function nodeRegistration(config: MediaNodeConfig, node: MediaNode) {
  const host = config.node.publicHost;
  return {
    version: MEDIA_NODE_VERSION,
    urls: { rtmp: `rtmp://${host}:${node.rtmpPort}`, http: `http://${host}:${node.httpPort}` },
    streams: [],
  };
}
