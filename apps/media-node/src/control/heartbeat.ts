import type { Heartbeat, HeartbeatStream } from '@mediaplane/protocol';
import type { AudioConfig, VideoConfig } from '../core/frame.ts';
import type { Stream } from '../core/stream.ts';
import { toTracks } from './to-protocol.ts';

/** What a heartbeat carries; the client adds the node id and its clock. */
export type HeartbeatReport = Omit<Heartbeat, 'nodeId' | 'at'>;

/** The parts of a stream a heartbeat reads. */
export type HeartbeatStreamSource = Pick<
  Stream,
  'key' | 'announced' | 'bytesIn' | 'createdAt' | 'currentConfig' | 'readerCount' | 'readerCountsByProtocol'
>;

/** Process CPU time (µs, user + system) and resident memory; `process` in production. */
export interface ProcessUsage {
  cpuMicros(): number;
  rssBytes(): number;
}

export interface HeartbeatSources {
  streams(): Iterable<HeartbeatStreamSource>;
  sessionCount(): number;
  usage?: ProcessUsage;
  now?: () => number;
}

const processUsage: ProcessUsage = {
  cpuMicros: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  rssBytes: () => process.memoryUsage.rss(),
};

/** Builds heartbeats; rates (CPU, bitrate) are averaged over the time since the previous build. */
export class HeartbeatBuilder {
  private readonly sources: HeartbeatSources;
  private readonly usage: ProcessUsage;
  private readonly now: () => number;
  private lastAt: number;
  private lastCpu: number;
  private readonly lastBytes = new WeakMap<HeartbeatStreamSource, { bytes: number; at: number }>();

  constructor(sources: HeartbeatSources) {
    this.sources = sources;
    this.usage = sources.usage ?? processUsage;
    this.now = sources.now ?? Date.now;
    this.lastAt = this.now();
    this.lastCpu = this.usage.cpuMicros();
  }

  build(): HeartbeatReport {
    const at = this.now();
    const cpu = this.usage.cpuMicros();
    const elapsedMs = at - this.lastAt;
    const cpuPercent = elapsedMs > 0 ? round1(((cpu - this.lastCpu) / 1000 / elapsedMs) * 100) : 0;
    this.lastAt = at;
    this.lastCpu = cpu;
    const streams: HeartbeatStream[] = [];
    for (const s of this.sources.streams()) {
      // Players cannot see a stream before it is announced; neither does the control API.
      if (s.announced) streams.push(this.describe(s, at));
    }
    return {
      load: {
        cpuPercent: Math.max(0, cpuPercent),
        rssBytes: this.usage.rssBytes(),
        sessions: this.sources.sessionCount(),
      },
      streams,
    };
  }

  private describe(s: HeartbeatStreamSource, at: number): HeartbeatStream {
    const last = this.lastBytes.get(s) ?? { bytes: 0, at: s.createdAt };
    this.lastBytes.set(s, { bytes: s.bytesIn, at });
    const ms = at - last.at;
    // Bytes × 8 per millisecond is kbit/s.
    const bitrateKbps = ms > 0 ? Math.max(0, Math.round(((s.bytesIn - last.bytes) * 8) / ms)) : 0;
    const { video, audio } = s.currentConfig;
    const tracks = [video, audio].filter((t): t is VideoConfig | AudioConfig => t !== undefined);
    return {
      vhost: s.key.vhost,
      app: s.key.app,
      stream: s.key.stream,
      readers: { total: s.readerCount(), byProtocol: s.readerCountsByProtocol() },
      bitrateKbps,
      tracks: toTracks(tracks),
    };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Sends a heartbeat every `intervalMs` until stopped; the timer never keeps the process alive. */
export function startHeartbeat(opts: {
  intervalMs: number;
  build: () => HeartbeatReport;
  send: (report: HeartbeatReport) => void;
}): { stop(): void } {
  const timer = setInterval(() => opts.send(opts.build()), opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
