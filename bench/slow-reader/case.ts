// One slow-reader case: a server, a fast publisher, one healthy reader, then N readers that stop reading while
// the server's RSS is sampled.
import { rmSync } from 'node:fs';
import { type Child, rssMb, startChild, startSampler, stopChild } from '../fanout/procs.ts';
import { median } from '../fanout/report.ts';
import { type Protocol, type ServerName, startServer } from '../fanout/servers.ts';
import { type BenchReader, openStalledReader, startHealthyReader } from './readers.ts';
import type { CaseResult } from './report.ts';

/** What one case runs; times in ms. */
export interface CaseOptions {
  readonly server: ServerName;
  readonly protocol: Protocol;
  readonly run: number;
  /** FLV file the publisher loops, at `readrate` times real time and `fps` video frames per media second. */
  readonly source: string;
  readonly readrate: number;
  readonly fps: number;
  readonly readers: number;
  readonly warmupMs: number;
  readonly baselineMs: number;
  readonly stallMs: number;
  readonly sampleMs: number;
  readonly databaseUrl: string;
  readonly boundMb: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isAlive(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

/** Median RSS of `pid` over `ms`, one sample every `everyMs`. */
async function medianRss(pid: number, ms: number, everyMs: number): Promise<number> {
  const rss: number[] = [];
  for (let t = 0; t < ms; t += everyMs) {
    await sleep(everyMs);
    rss.push(rssMb(pid));
  }
  return median(rss);
}

/** Runs one case; throws when the bench itself could not run it (a server crash is a result, not a throw). */
export async function runCase(o: CaseOptions): Promise<CaseResult> {
  const server = await startServer(o.server, o.databaseUrl);
  const pid = server.child.pid;
  let publisher: Child | null = null;
  const readers: BenchReader[] = [];
  try {
    publisher = startChild('publisher', 'ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-readrate', String(o.readrate), '-stream_loop', '-1'],
      ...['-i', o.source, '-c', 'copy', '-f', 'flv', server.publishUrl],
    ]);
    const healthy = await startHealthyReader(server.playUrl('http-flv'), 20_000);
    readers.push(healthy);
    await sleep(o.warmupMs);
    if (!isAlive(server.child))
      throw new Error(`${o.server} exited during warm-up:\n${server.child.tail.join('\n')}`);
    const baselineMb = await medianRss(pid, o.baselineMs, o.sampleMs);

    const t0 = performance.now();
    healthy.stats.markWindow(t0);
    const sampler = startSampler([pid], o.sampleMs);
    for (let i = 0; i < o.readers; i++)
      readers.push(await openStalledReader(o.protocol, server.playUrl(o.protocol)));
    await sleep(Math.max(0, o.stallMs - (performance.now() - t0)));
    const t1 = performance.now();
    const rss = sampler
      .stop()
      .get(pid)!
      .map((s) => s.rssMb);
    const survived = isAlive(server.child);
    // A crashed server takes the publisher with it; only a publisher dying on its own spoils the case.
    if (survived && !isAlive(publisher))
      throw new Error(`publisher exited during the stall:\n${publisher.tail.join('\n')}`);
    if (rss.length < 3) throw new Error(`only ${rss.length} RSS samples during the stall`);

    const w = healthy.stats.windowResult(t1);
    const wallS = (t1 - t0) / 1000;
    return {
      server: o.server,
      protocol: o.protocol,
      run: o.run,
      stalledReaders: o.readers,
      baselineMb,
      stallMb: median(rss.slice(Math.floor((rss.length * 2) / 3))),
      peakMb: Math.max(...rss),
      samplesMb: rss.map((x) => Math.round(x * 10) / 10),
      boundMb: o.boundMb,
      healthyFrames: w.frames,
      expectedFrames: Math.round(o.fps * o.readrate * wallS),
      healthyRate: w.mediaRatio / o.readrate,
      healthyGaps: w.gaps,
      survived,
      error: null,
    };
  } finally {
    for (const r of readers) r.socket.destroy();
    if (publisher) await stopChild(publisher);
    await stopChild(server.child);
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
