import type { Logger } from '../../log.ts';
import type { AudioFrame, VideoConfig, VideoFrame } from '../frame.ts';
import type { OutputFormat } from '../output-format.ts';
import type {
  AccessRequest,
  NoViewersDecision,
  NoViewersReport,
  Policy,
  StreamLifecycle,
  StreamNotFoundDecision,
  StreamNotFoundReport,
} from '../policy.ts';
import type { ReaderSink } from '../reader.ts';
import type { StreamSource } from '../stream.ts';

/** A logger that drops everything. */
export const silentLog: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLog,
};

/** A reader sink that keeps every write in memory. */
export class MemorySink implements ReaderSink {
  writes: Buffer[] = [];
  buffered = 0;
  closed: string | undefined;
  write(buf: Buffer): void {
    this.writes.push(buf);
  }
  writeParts(parts: readonly Buffer[]): void {
    this.writes.push(Buffer.concat(parts));
  }
  bufferedBytes(): number {
    return this.buffered;
  }
  close(reason: string): void {
    this.closed = reason;
  }
  text(): string {
    return Buffer.concat(this.writes).toString();
  }
}

/** Encodes config as `[cfg v=<first record byte> m=<metadata.tag>]`, frames as `[K0:40]`, `[P..]`, `[a..]`. */
export const textFormat: OutputFormat = {
  id: 'text',
  encodeConfig: (c) =>
    Buffer.from(`[cfg v=${c.video?.record[0] ?? '-'} m=${String(c.metadata?.tag ?? '-')}]`),
  encodeFrame: (f) =>
    Buffer.from(`[${f.kind === 'video' ? (f.keyframe ? 'K' : 'P') : 'a'}${f.dts}:${f.pts}]`),
};

/** An H.264 frame; `pts` defaults to `dts` (no B-frame reordering). */
export function video(dts: number, keyframe: boolean, pts = dts): VideoFrame {
  return { kind: 'video', codec: 'h264', dts, pts, keyframe, data: Buffer.alloc(10) };
}

/** An AAC frame. */
export function audio(dts: number): AudioFrame {
  return { kind: 'audio', codec: 'aac', dts, pts: dts, data: Buffer.alloc(4) };
}

/** A video config whose record is the one byte `version`, so configs compare by it. */
export function videoConfig(version: number): VideoConfig {
  return { kind: 'video', codec: 'h264', record: Buffer.from([version]), width: 2, height: 2 };
}

/** A source that records whether it was closed. */
export function fakeSource(id: string): StreamSource & { closedWith: string | undefined } {
  const source = {
    id,
    protocol: 'rtmp',
    closedWith: undefined as string | undefined,
    close(reason: string) {
      source.closedWith = reason;
    },
  };
  return source;
}

/** Lifecycle settings with everything off unless overridden. */
export function lifecycle(over: Partial<StreamLifecycle> = {}): StreamLifecycle {
  return { maxStreamWaitMs: 0, noneReaderDelayMs: 0, continuePushMs: 0, continueOnCleanStop: false, ...over };
}

/** A policy whose answers a test sets; it records every report. */
export class ScriptedPolicy implements Policy {
  lifecycleFor: (req: AccessRequest) => StreamLifecycle | undefined = () => undefined;
  notFound: (report: StreamNotFoundReport) => Promise<StreamNotFoundDecision> = async () => ({
    action: 'wait',
  });
  unwatched: (report: NoViewersReport) => Promise<NoViewersDecision> = async () => ({ action: 'keep' });
  readonly notFoundReports: StreamNotFoundReport[] = [];
  readonly noViewersReports: NoViewersReport[] = [];

  async authorizePublish(req: AccessRequest): Promise<StreamLifecycle | undefined> {
    return this.lifecycleFor(req);
  }
  async authorizePlay(req: AccessRequest): Promise<StreamLifecycle | undefined> {
    return this.lifecycleFor(req);
  }
  streamNotFound(report: StreamNotFoundReport): Promise<StreamNotFoundDecision> {
    this.notFoundReports.push(report);
    return this.notFound(report);
  }
  noViewers(report: NoViewersReport): Promise<NoViewersDecision> {
    this.noViewersReports.push(report);
    return this.unwatched(report);
  }
}

/** A promise with its resolve function outside, for answers that arrive when a test says. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A play or publish request for `live/<stream>` on the default vhost. */
export function accessRequest(stream: string, params: Record<string, string> = {}): AccessRequest {
  return {
    vhost: '__defaultVhost__',
    app: 'live',
    stream,
    params,
    protocol: 'http-flv',
    sessionId: `s-${Math.random().toString(36).slice(2)}`,
    ip: '127.0.0.1',
  };
}
