// Slow-reader bench: while a fast publisher runs, N readers stop reading; how much does each server's RSS grow,
// against Mediaplane's configured per-reader queue bound? Mediaplane and node-media-server side by side.
// Usage: npm run bench:slow-reader -- [--servers mediaplane,nms] [--protocols http-flv,rtmp] [--readers 4]
//        [--stall-seconds 30] [--runs 3] [--warmup-ms 20000] [--queue-bytes 1048576] [--readrate 8]
//        [--source fanout|fixture] [--mediaplane-db <postgres url>|pglite]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSource, OUT_DIR } from '../fanout/make-source.ts';
import { killAllSync, startWatchdog, stopAll } from '../fanout/procs.ts';
import {
  DEFAULT_DATABASE_URL,
  type Protocol,
  ROOT,
  SERVER_NAMES,
  type ServerName,
} from '../fanout/servers.ts';
import { runCase } from './case.ts';
import { type CaseResult, growthMb, resultsTable, runsTable } from './report.ts';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: 'mediaplane,nms' },
    protocols: { type: 'string', default: 'http-flv' },
    readers: { type: 'string', default: '4' },
    'stall-seconds': { type: 'string', default: '30' },
    runs: { type: 'string', default: '3' },
    // The standalone gives its startup heap back 16-20 s after start (bench/RESULTS.md); baseline after that.
    'warmup-ms': { type: 'string', default: '20000' },
    'baseline-ms': { type: 'string', default: '3000' },
    'queue-bytes': { type: 'string', default: String(1024 * 1024) },
    readrate: { type: 'string', default: '8' },
    source: { type: 'string', default: 'fanout' },
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
const readers = Number(args.readers);
const stallMs = Number(args['stall-seconds']) * 1000;
const runs = Number(args.runs);
const queueBytes = Number(args['queue-bytes']);
const readrate = Number(args.readrate);
for (const s of servers) if (!SERVER_NAMES.includes(s)) throw new Error(`unknown server ${s}`);
for (const p of protocols) if (p !== 'rtmp' && p !== 'http-flv') throw new Error(`unknown protocol ${p}`);
if (!Number.isInteger(readers) || readers < 1 || readers > 100)
  throw new Error(`bad --readers ${args.readers}`);
if (!(stallMs >= 3000 && stallMs <= 600_000)) throw new Error(`bad --stall-seconds ${args['stall-seconds']}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`bad --runs ${args.runs}`);
if (!Number.isInteger(queueBytes) || queueBytes < 1)
  throw new Error(`bad --queue-bytes ${args['queue-bytes']}`);
if (!(readrate > 0 && readrate <= 50)) throw new Error(`bad --readrate ${args.readrate}`);

/** The two publish sources: both 25 fps; bit rates from bench/README.md and the fixture's README. */
const SOURCES = {
  fanout: { mbps: 2.18, label: 'bench/out/source-720p25-2M.flv (720p25, 2.18 Mbit/s)' },
  fixture: { mbps: 0.89, label: 'apps/media-node/test/fixtures/h264-aac-10s.flv (360p25, 0.89 Mbit/s)' },
} as const;
if (args.source !== 'fanout' && args.source !== 'fixture') throw new Error(`bad --source ${args.source}`);
const sourceInfo = SOURCES[args.source];
const FPS = 25;

// startServer passes this process's environment on to the server; the media node reads these two keys from it.
process.env.MEDIAPLANE_MEDIA_READER_QUEUE_BYTES = String(queueBytes);
// Longer than the stall: the bench measures the bound, not the closing of dead peers.
process.env.MEDIAPLANE_MEDIA_READER_STALL_TIMEOUT_MS = String(Math.min(3_600_000, stallMs * 2 + 60_000));

mkdirSync(OUT_DIR, { recursive: true });
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping children`);
    void stopAll().finally(() => process.exit(130));
  });
}
// Even if this process is SIGKILLed, a detached watchdog kills the servers and the publisher.
startWatchdog(join(OUT_DIR, `.pgids-${process.pid}`));

const source =
  args.source === 'fanout'
    ? ensureSource()
    : join(ROOT, 'apps', 'media-node', 'test', 'fixtures', 'h264-aac-10s.flv');
const started = new Date();
const command = `npm run bench:slow-reader -- ${process.argv.slice(2).join(' ')}`.trim();
console.log(`# slow-reader bench ${started.toISOString()}\n${command}\n`);

const results: CaseResult[] = [];
for (let run = 1; run <= runs; run++) {
  for (const protocol of protocols) {
    // Servers interleaved within a run so machine noise hits both alike.
    for (const server of servers) {
      process.stdout.write(`run ${run} ${protocol} ${server} ... `);
      try {
        const r = await runCase({
          server,
          protocol,
          run,
          source,
          readrate,
          fps: FPS,
          readers,
          warmupMs: Number(args['warmup-ms']),
          baselineMs: Number(args['baseline-ms']),
          stallMs,
          sampleMs: 500,
          databaseUrl: args['mediaplane-db'],
          boundMb: server === 'nms' ? null : queueBytes / 1048576,
        });
        results.push(r);
        console.log(
          `baseline ${r.baselineMb.toFixed(1)} MB, stall ${r.stallMb.toFixed(1)} MB (growth ${growthMb(r).toFixed(1)}), ` +
            `healthy ${r.healthyFrames}/${r.expectedFrames} frames, survived ${r.survived}`,
        );
      } catch (err) {
        const msg = (err as Error).message;
        console.log(`FAILED: ${msg}`);
        results.push({
          server,
          protocol,
          run,
          stalledReaders: readers,
          baselineMb: Number.NaN,
          stallMb: Number.NaN,
          peakMb: Number.NaN,
          samplesMb: [],
          boundMb: null,
          healthyFrames: 0,
          expectedFrames: 0,
          healthyRate: Number.NaN,
          healthyGaps: 0,
          survived: false,
          error: msg.split('\n')[0] ?? msg,
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
  return `${git('log', '--oneline', '-1') || 'unknown'}${dirty > 0 ? ` (+ ${dirty} uncommitted files in apps/, packages/)` : ''}`;
}

const unboundedMb = ((sourceInfo.mbps * readrate) / 8) * (stallMs / 1000);
const md = [
  `## Slow reader ${started.toISOString()}`,
  '',
  `Command: \`${command}\``,
  '',
  `Commit: ${gitState()}`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Source ${sourceInfo.label} ` +
    `published at ${readrate}× real time (≈ ${((sourceInfo.mbps * readrate) / 8).toFixed(1)} MB/s): an ` +
    `unbounded queue would hold ≈ ${unboundedMb.toFixed(0)} MB per stalled reader after ${stallMs / 1000} s. ` +
    `${readers} stalled ${protocols.join('/')} readers, 1 healthy HTTP-FLV reader, Mediaplane queue bound ` +
    `${queueBytes} bytes, ${runs} run(s); medians over runs.`,
  '',
  resultsTable(results),
  '',
  runsTable(results),
  '',
].join('\n');
const file = join(OUT_DIR, `slow-reader-${started.toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(file, md);
writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify(results, null, 2));
console.log(`\n${md}\nwritten to ${relative(ROOT, file)}`);
await stopAll();
