// Lifecycle bench: (a) first frame for players waiting on a stream that is not live yet, held by the node vs
// polling every N ms; (b) the media gap players see when a publisher is killed and comes back, vs the publisher's.
// Usage: npm run bench:lifecycle -- [--players 100] [--poll-ms 500,1000] [--head-start-ms 2000] [--runs 5]
//        [--gap-ms 2000] [--gap-players 10] [--db pglite|<postgres url>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OUT_DIR } from '../fanout/make-source.ts';
import { percentile } from '../fanout/player-stats.ts';
import {
  type Child,
  killAllSync,
  pollUntil,
  startChild,
  startWatchdog,
  stopAll,
  stopChild,
} from '../fanout/procs.ts';
import { median } from '../fanout/report.ts';
import { NODE, ROOT } from '../fanout/servers.ts';
import { BenchPlayer } from './bench-player.ts';
import { type BenchServer, startServer } from './server.ts';

const { values: args } = parseArgs({
  options: {
    players: { type: 'string', default: '100' },
    'poll-ms': { type: 'string', default: '500,1000' },
    'head-start-ms': { type: 'string', default: '2000' },
    runs: { type: 'string', default: '5' },
    'gap-ms': { type: 'string', default: '2000' },
    'gap-players': { type: 'string', default: '10' },
    db: { type: 'string', default: 'pglite' },
  },
});
const N = Number(args.players);
const POLL_MS = args['poll-ms'].split(',').filter(Boolean).map(Number);
const HEAD_START_MS = Number(args['head-start-ms']);
const RUNS = Number(args.runs);
const GAP_MS = Number(args['gap-ms']);
const GAP_PLAYERS = Number(args['gap-players']);
const FIXTURE = join(ROOT, 'apps', 'media-node', 'test', 'fixtures', 'h264-aac-10s.flv');
const echo =
  process.env.BENCH_VERBOSE === '1' ? (l: string) => void process.stderr.write(`  | ${l}\n`) : undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const epochNow = (): number => performance.timeOrigin + performance.now();
const fmt = (v: number, digits = 0): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** A publisher child and the epoch ms its first keyframe left. */
interface RunningPublisher {
  readonly child: Child;
  readonly firstKeyframeAt: Promise<number>;
}

function startPublisher(server: BenchServer, app: string, stream: string): RunningPublisher {
  let resolve: (at: number) => void = () => {};
  const firstKeyframeAt = new Promise<number>((r) => {
    resolve = r;
  });
  const url = `rtmp://127.0.0.1:${server.rtmpPort}/${app}/${stream}`;
  const child = startChild(
    'publisher',
    NODE,
    [join(ROOT, 'bench', 'lifecycle', 'publisher.ts'), url, FIXTURE],
    {
      cwd: ROOT,
      onLine: (line) => {
        echo?.(`publisher: ${line}`);
        if (!line.startsWith('{')) return;
        const msg = JSON.parse(line) as { event: string; at: number };
        if (msg.event === 'first-keyframe') resolve(msg.at);
      },
    },
  );
  const timeout = sleep(20_000).then(() => {
    throw new Error(`publisher sent no keyframe:\n${child.tail.join('\n')}`);
  });
  return { child, firstKeyframeAt: Promise.race([firstKeyframeAt, timeout]) };
}

/** SIGKILL, the way a crashing encoder goes: no deleteStream, the socket just drops. */
async function crash(child: Child): Promise<void> {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await child.exited;
}

const flvUrl = (server: BenchServer, app: string, stream: string) =>
  new URL(`http://127.0.0.1:${server.httpPort}/${app}/${stream}.live.flv`);

/** (a) One mode: N players ask before the stream exists; delay from the publisher's first keyframe to theirs. */
async function firstFrameCase(server: BenchServer, app: string, stream: string, retryMs: number | null) {
  const players = Array.from({ length: N }, () => new BenchPlayer(flvUrl(server, app, stream), retryMs));
  // Polling players arrive at random moments, so their retries are spread over the interval.
  for (const p of players) p.start(retryMs === null ? 0 : Math.random() * retryMs);
  await sleep(HEAD_START_MS);
  const publisher = startPublisher(server, app, stream);
  try {
    const t0 = await publisher.firstKeyframeAt;
    await pollUntil('every player to get a keyframe', 30_000, () =>
      players.every((p) => Number.isFinite(p.firstKeyframeAt)) ? true : null,
    ).catch(() => undefined);
    const delays = players.map((p) => p.firstKeyframeAt - t0).filter(Number.isFinite);
    const requests = players.reduce((s, p) => s + p.requests, 0) / players.length;
    return { delays, requests, missing: N - delays.length };
  } finally {
    for (const p of players) p.stop();
    await stopChild(publisher.child);
  }
}

/** What one reconnect run measured; gaps in ms. */
interface ReconnectResult {
  readonly publisherGap: number;
  readonly playerGap: number;
  readonly reconnected: number;
  readonly backwards: number;
  readonly stalled: number;
}

/** (b) One run: players watch, the publisher is killed, a new one comes `GAP_MS` later. */
async function reconnectRun(
  server: BenchServer,
  app: string,
  stream: string,
  retryMs: number | null,
): Promise<ReconnectResult> {
  const first = startPublisher(server, app, stream);
  await first.firstKeyframeAt;
  const players = Array.from(
    { length: GAP_PLAYERS },
    () => new BenchPlayer(flvUrl(server, app, stream), retryMs),
  );
  for (const p of players) p.start();
  let second: RunningPublisher | undefined;
  try {
    await pollUntil('players to play', 15_000, () =>
      players.every((p) => Number.isFinite(p.firstKeyframeAt)) ? true : null,
    );
    await sleep(2000);
    for (const p of players) p.mark();
    const killedAt = epochNow();
    await crash(first.child);
    await sleep(killedAt + GAP_MS - epochNow());
    second = startPublisher(server, app, stream);
    const backAt = await second.firstKeyframeAt;
    await pollUntil('a second of video after the gap', 15_000, () =>
      players.every((p) => p.stats.framesAfterMark >= 25) ? true : null,
    ).catch(() => undefined);
    return {
      publisherGap: backAt - killedAt,
      playerGap: median(players.map((p) => p.stats.maxGap)),
      reconnected: players.filter((p) => p.requests > 1).length,
      backwards: players.reduce((s, p) => s + p.stats.backwards, 0),
      stalled: players.filter((p) => p.stats.framesAfterMark < 25).length,
    };
  } finally {
    for (const p of players) p.stop();
    if (second) await stopChild(second.child);
  }
}

async function main(): Promise<string> {
  const server = await startServer(args.db, echo);
  try {
    const lines: string[] = [];
    await server.setPolicy('held', { maxStreamWaitMs: 60_000 });
    await server.setPolicy('poll', { maxStreamWaitMs: 0 });
    lines.push(
      `### (a) First keyframe for ${N} HTTP-FLV players asking ${HEAD_START_MS} ms before the publisher`,
      '',
      '| client | players with video | after the publisher’s first keyframe: p50 / p95 / max ms | requests per player | p50 ÷ held |',
      '|---|---:|---:|---:|---:|',
    );
    const modes: Array<{ name: string; app: string; retry: number | null }> = [
      { name: 'held by the node (one request)', app: 'held', retry: null },
      ...POLL_MS.map((ms) => ({ name: `polling every ${ms} ms (404, retry)`, app: 'poll', retry: ms })),
    ];
    let heldP50 = Number.NaN;
    for (const [i, m] of modes.entries()) {
      const r = await firstFrameCase(server, m.app, `first-${i}`, m.retry);
      const p50 = percentile(r.delays, 50);
      if (m.retry === null) heldP50 = p50;
      const row = `| ${m.name} | ${r.delays.length}/${N} | ${fmt(p50, 1)} / ${fmt(percentile(r.delays, 95), 1)} / ${fmt(Math.max(...r.delays), 1)} | ${fmt(r.requests, 1)} | ${fmt(p50 / heldP50, 1)} |`;
      console.log(row);
      lines.push(row);
    }

    await server.setPolicy('recon', { continuePushMs: 30_000 });
    await server.setPolicy('recon0', { continuePushMs: 0 });
    lines.push(
      '',
      `### (b) Video gap across a publisher crash (SIGKILL, back after ${GAP_MS} ms), ${GAP_PLAYERS} players, median of ${RUNS} runs`,
      '',
      '| players | publisher gap ms | player gap ms | player − publisher ms | player ÷ publisher | players reconnected | timestamps backwards | players stalled |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    const variants: Array<{ name: string; app: string; retry: number | null }> = [
      { name: 'stay connected (continuePushMs 30 s)', app: 'recon', retry: null },
      { name: 'closed, reconnect every 500 ms (continuePushMs 0)', app: 'recon0', retry: 500 },
    ];
    for (const [vi, v] of variants.entries()) {
      const runs: ReconnectResult[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await reconnectRun(server, v.app, `gap-${vi}-${i}`, v.retry));
      const pub = median(runs.map((r) => r.publisherGap));
      const ply = median(runs.map((r) => r.playerGap));
      const sum = (f: (r: ReconnectResult) => number) => runs.reduce((s, r) => s + f(r), 0);
      const row = `| ${v.name} | ${fmt(pub)} | ${fmt(ply)} | ${fmt(median(runs.map((r) => r.playerGap - r.publisherGap)))} | ${fmt(median(runs.map((r) => r.playerGap / r.publisherGap)), 2)} | ${sum((r) => r.reconnected)}/${RUNS * GAP_PLAYERS} | ${sum((r) => r.backwards)} | ${sum((r) => r.stalled)} |`;
      console.log(row);
      lines.push(row);
    }
    return lines.join('\n');
  } finally {
    await server.stop();
  }
}

mkdirSync(OUT_DIR, { recursive: true });
startWatchdog(join(OUT_DIR, `lifecycle-pgids-${process.pid}`));
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopAll().finally(() => process.exit(130));
  });
}
const command = `npm run bench:lifecycle -- ${process.argv.slice(2).join(' ')}`.trim();
const report = await main().catch(async (err: unknown) => {
  await stopAll();
  throw err;
});
const out = join(OUT_DIR, `lifecycle-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(out, `Command: \`${command}\`\n\n${report}\n`);
console.log(`\nCommand: ${command}\n\n${report}\n\nWritten to ${out}`);
