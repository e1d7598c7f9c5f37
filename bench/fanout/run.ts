// Fan-out benchmark: one 2 Mbit/s publisher, N players per protocol, Mediaplane vs node-media-server side by side.
// Usage: npm run bench:fanout -- [--servers mediaplane,nms] [--protocols rtmp,http-flv] [--n 100,500,1000]
//        [--window-ms 20000] [--settle-ms 3000]   (env BENCH_SERVERS, BENCH_PROTOCOLS, BENCH_N, BENCH_WINDOW_MS)
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { startFlvPlayer } from './flv-player.ts';
import type { LoadSummary } from './load-client.ts';
import { ensureSource, OUT_DIR } from './make-source.ts';
import { PlayerStats } from './player-stats.ts';
import {
  type Child,
  cpuSeconds,
  killAllSync,
  pollUntil,
  rssMb,
  type Sample,
  startChild,
  startSampler,
  startWatchdog,
  stopAll,
  stopChild,
  systemBusySeconds,
} from './procs.ts';
import { type CaseResult, median, ratioTable, resultsTable } from './report.ts';
import { startRtmpPlayer } from './rtmp-player.ts';
import {
  DEFAULT_DATABASE_URL,
  NODE,
  type Protocol,
  ROOT,
  type RunningServer,
  SERVER_NAMES,
  type ServerName,
  startServer,
} from './servers.ts';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: process.env.BENCH_SERVERS ?? 'mediaplane,nms' },
    protocols: { type: 'string', default: process.env.BENCH_PROTOCOLS ?? 'rtmp,http-flv' },
    n: { type: 'string', default: process.env.BENCH_N ?? '100,500,1000' },
    'window-ms': { type: 'string', default: process.env.BENCH_WINDOW_MS ?? '20000' },
    'settle-ms': { type: 'string', default: '3000' },
    'baseline-ms': { type: 'string', default: '3000' },
    // Publishing time before the baseline: startup garbage is collected and the GOP cache is warm by then.
    'warmup-ms': { type: 'string', default: '20000' },
    // Before each case, wait (at most this long) until other processes use < 25 % of a core: the machine is shared.
    'quiet-wait-ms': { type: 'string', default: '120000' },
    'rtmp-client': { type: 'string', default: 'lean' },
    // Postgres URL for the standalone's control API, or 'pglite' for its embedded default.
    'mediaplane-db': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
  },
});
const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const servers = list(args.servers) as ServerName[];
const protocols = list(args.protocols) as Protocol[];
const ns = list(args.n).map(Number);
const windowMs = Number(args['window-ms']);
const settleMs = Number(args['settle-ms']);
const baselineMs = Number(args['baseline-ms']);
const warmupMs = Number(args['warmup-ms']);
const quietWaitMs = Number(args['quiet-wait-ms']);
for (const s of servers) if (!SERVER_NAMES.includes(s)) throw new Error(`unknown server ${s}`);
for (const p of protocols) if (p !== 'rtmp' && p !== 'http-flv') throw new Error(`unknown protocol ${p}`);
for (const n of ns) if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`bad N ${n}`);

const verbose = process.env.BENCH_VERBOSE === '1';
let lastLap = performance.now();
const lap = (what: string): void => {
  const now = performance.now();
  if (verbose) process.stderr.write(`[${what} ${Math.round(now - lastLap)} ms] `);
  lastLap = now;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number): number => Math.round(x * 10) / 10;

let aborted = false;
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    aborted = true;
    console.error(`\n${sig}: stopping children`);
    void stopAll().finally(() => process.exit(130));
  });
}
// Even if this process is SIGKILLed, a detached watchdog kills the servers, publisher and load client.
startWatchdog(join(OUT_DIR, `.pgids-${process.pid}`));

/** Plays the stream with one player of `protocol` until its first keyframe (retrying while the stream is absent). */
async function waitUntilPlays(url: string, protocol: Protocol, timeoutMs: number): Promise<number> {
  return await pollUntil(
    `a first keyframe from ${url}`,
    timeoutMs,
    async () => {
      const stats = new PlayerStats(performance.now());
      const start = protocol === 'rtmp' ? startRtmpPlayer : startFlvPlayer;
      const sock = start(new URL(url), stats, () => {});
      const deadline = performance.now() + 3000;
      while (stats.ttffMs < 0 && !stats.closed && performance.now() < deadline) await sleep(20);
      sock.destroy();
      return stats.ttffMs >= 0 ? stats.ttffMs : null;
    },
    300,
  );
}

/** Waits until the machine's CPU use over 2 s is below 25 % of one core, or `maxMs` passed; returns the last %. */
async function waitForQuiet(maxMs: number): Promise<number> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const b0 = systemBusySeconds();
    await sleep(2000);
    const pct = ((systemBusySeconds() - b0) / 2) * 100;
    if (pct < 25 || performance.now() > deadline) return pct;
  }
}

/** Baseline with the publisher only: CPU % over `ms` and median RSS of a few samples. */
async function baseline(pid: number, ms: number): Promise<{ cpuPct: number; rssMb: number }> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  const rss: number[] = [];
  const steps = Math.max(3, Math.round(ms / 500));
  for (let i = 0; i < steps; i++) {
    await sleep(ms / steps);
    rss.push(rssMb(pid));
  }
  const cpuPct = ((cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
  return { cpuPct, rssMb: median(rss) };
}

/** Runs the load client to completion, sampling the server and the client once a second. */
async function runLoad(
  server: RunningServer,
  publisherPid: number,
  protocol: Protocol,
  n: number,
): Promise<{ summary: LoadSummary; window: Sample[]; all: Sample[]; client: Sample[]; otherCpuPct: number }> {
  let summary: LoadSummary | null = null;
  // CPU used by everything except server, load client and publisher over the window: other people's noise.
  let other0 = 0;
  let otherCpuPct = Number.NaN;
  let otherT0 = 0;
  const cpuOf = (pid: number): number => {
    try {
      return cpuSeconds(pid);
    } catch {
      return 0;
    }
  };
  const ours = (): number => cpuOf(server.child.pid) + cpuOf(client.pid) + cpuOf(publisherPid);
  let windowStart = -1;
  let windowEnd = -1;
  let failure: Error | null = null;
  const client: Child = startChild(
    'load-client',
    NODE,
    [
      join(ROOT, 'bench', 'fanout', 'load-client.ts'),
      ...['--protocol', protocol, '--url', server.playUrl(protocol), '--n', String(n)],
      ...[
        '--window-ms',
        String(windowMs),
        '--settle-ms',
        String(settleMs),
        '--rtmp-client',
        args['rtmp-client'],
      ],
    ],
    {
      cwd: ROOT,
      onLine: (line) => {
        if (!line.startsWith('{')) return;
        try {
          const msg = JSON.parse(line) as { event: string; summary?: LoadSummary };
          if (msg.event === 'window-start') {
            windowStart = samplesSoFar();
            other0 = systemBusySeconds() - ours();
            otherT0 = performance.now();
          }
          if (msg.event === 'summary') {
            windowEnd = samplesSoFar();
            otherCpuPct =
              ((systemBusySeconds() - ours() - other0) / ((performance.now() - otherT0) / 1000)) * 100;
            summary = msg.summary ?? null;
          }
        } catch (err) {
          failure = err as Error;
        }
      },
    },
  );
  const sampler = startSampler([server.child.pid, client.pid]);
  const live = sampler.peek();
  const samplesSoFar = (): number => live.get(server.child.pid)!.length;
  // Ramp (50 per 100 ms) + join timeout + settle + window, plus slack: never wait unbounded.
  const deadlineMs = (n / 50) * 100 + 20_000 + settleMs + windowMs + 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'deadline'>((r) => {
    timer = setTimeout(() => r('deadline'), deadlineMs);
  });
  const code = await Promise.race([client.exited, timeout]);
  clearTimeout(timer);
  const samples = sampler.stop();
  if (code === 'deadline') {
    await stopChild(client);
    throw new Error(`load client did not finish within ${deadlineMs} ms:\n${client.tail.join('\n')}`);
  }
  if (failure) throw failure;
  if (!summary || windowStart < 0) {
    throw new Error(`load client exited (${code}) without a summary:\n${client.tail.join('\n')}`);
  }
  const all = samples.get(server.child.pid)!;
  // Skip the first sample of the window: its interval straddles the settle phase.
  const window = all.slice(windowStart + 1, windowEnd < 0 ? undefined : windowEnd);
  const clientSamples = samples
    .get(client.pid)!
    .slice(windowStart + 1, windowEnd < 0 ? undefined : windowEnd);
  return { summary, window, all, client: clientSamples, otherCpuPct };
}

function isAlive(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

/** A server that died mid-case makes the case fail with its last output rather than report empty samples. */
function assertAlive(server: Child, publisher: Child): void {
  if (!isAlive(server)) {
    const how = server.proc.exitCode ?? server.proc.signalCode;
    throw new Error(`${server.name} exited (${how}) during the case:\n${server.tail.slice(-15).join('\n')}`);
  }
  if (!isAlive(publisher)) throw new Error(`publisher exited during the case:\n${publisher.tail.join('\n')}`);
}

async function runCase(
  serverName: ServerName,
  protocol: Protocol,
  n: number,
  source: string,
): Promise<CaseResult> {
  lap('begin');
  const busy = await waitForQuiet(quietWaitMs);
  if (busy >= 25) process.stdout.write(`(machine busy: ${Math.round(busy)} % before start) `);
  lap('quiet');
  const server = await startServer(serverName, args['mediaplane-db']);
  lap('server up');
  let publisher: Child | null = null;
  try {
    publisher = startChild('publisher', 'ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', source],
      ...['-c', 'copy', '-f', 'flv', server.publishUrl],
    ]);
    await waitUntilPlays(server.playUrl(protocol), protocol, 20_000);
    lap('plays');
    await sleep(warmupMs);
    assertAlive(server.child, publisher);
    const base = await baseline(server.child.pid, baselineMs);
    lap('baseline');
    const { summary, window, all, client, otherCpuPct } = await runLoad(server, publisher.pid, protocol, n);
    lap('load');
    assertAlive(server.child, publisher);
    return {
      server: serverName,
      protocol,
      n,
      baselineCpuPct: round(base.cpuPct),
      baselineRssMb: round(base.rssMb),
      cpuMedianPct: round(median(window.map((s) => s.cpuPct))),
      cpuMeanPct: round(window.reduce((a, s) => a + s.cpuPct, 0) / Math.max(1, window.length)),
      rssMedianMb: round(median(window.map((s) => s.rssMb))),
      rssPeakMb: round(Math.max(...all.map((s) => s.rssMb))),
      samples: window.length,
      loadClientCpuPct: round(median(client.map((s) => s.cpuPct))),
      otherCpuPct: round(otherCpuPct),
      load: summary,
      error: null,
    };
  } finally {
    if (publisher) await stopChild(publisher);
    await stopChild(server.child);
    rmSync(server.dataDir, { recursive: true, force: true });
    lap('stopped');
  }
}

const source = ensureSource();
const started = new Date();
const results: CaseResult[] = [];
const command = `npm run bench:fanout -- ${process.argv.slice(2).join(' ')}`.trim();
console.log(`# fan-out bench ${started.toISOString()}\n${command}\nsource ${relative(ROOT, source)}\n`);
for (const n of ns) {
  for (const protocol of protocols) {
    // Servers interleaved per (N, protocol) so machine noise hits both alike.
    for (const serverName of servers) {
      if (aborted) break;
      const label = `${serverName} ${protocol} N=${n}`;
      process.stdout.write(`${label} ... `);
      try {
        const r = await runCase(serverName, protocol, n, source);
        results.push(r);
        const l = r.load!;
        console.log(
          `cpu ${r.cpuMedianPct} % rss ${r.rssMedianMb} MB (base ${r.baselineRssMb}) realtime ${l.realtimePct} % ` +
            `gaps ${l.gaps} ttff p50 ${l.ttffP50Ms} p95 ${l.ttffP95Ms} ms errors ${l.errors}`,
        );
      } catch (err) {
        const msg = (err as Error).message;
        console.log(`FAILED: ${msg}`);
        results.push({
          server: serverName,
          protocol,
          n,
          baselineCpuPct: Number.NaN,
          baselineRssMb: Number.NaN,
          cpuMedianPct: Number.NaN,
          cpuMeanPct: Number.NaN,
          rssMedianMb: Number.NaN,
          rssPeakMb: Number.NaN,
          samples: 0,
          loadClientCpuPct: Number.NaN,
          otherCpuPct: Number.NaN,
          load: null,
          // The first line says what failed; an `Error:` line from the server's output says why.
          error: [msg.split('\n')[0], msg.split('\n').find((l) => /Error\b/.test(l))]
            .filter(Boolean)
            .join(' — '),
        });
      }
    }
  }
}

/** Commit under test, and how many files under apps/ and packages/ differed from it when the run ended. */
function gitState(): string {
  const git = (...a: string[]): string =>
    spawnSync('git', a, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 }).stdout?.trim() ?? '';
  const dirty = git('status', '--porcelain', '--', 'apps', 'packages').split('\n').filter(Boolean).length;
  return `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty > 0 ? ` + ${dirty} uncommitted files in apps/, packages/` : ''}`;
}

const md = [
  `## Fan-out ${started.toISOString()}`,
  '',
  `Command: \`${command}\``,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, window ${windowMs} ms, ` +
    `settle ${settleMs} ms, 1 s samples, commit ${gitState()}`,
  '',
  resultsTable(results),
  '',
  ratioTable(results),
  '',
].join('\n');
const file = join(OUT_DIR, `fanout-${started.toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(file, md);
writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify(results, null, 2));
console.log(`\n${md}\nwritten to ${relative(ROOT, file)}`);
await stopAll();
