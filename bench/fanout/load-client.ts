// Load client: opens N lightweight players in this one process and prints JSON lines on stdout:
// {"event":"ramped",...}, {"event":"window-start"}, then {"event":"summary",...} after the window.
// Usage: node bench/fanout/load-client.ts --protocol http-flv --url http://127.0.0.1:8080/live/bench.flv --n 100
import { parseArgs } from 'node:util';
import { startFlvPlayer } from './flv-player.ts';
import { startFullRtmpPlayer } from './full-rtmp-player.ts';
import { PlayerStats, percentile } from './player-stats.ts';
import { startRtmpPlayer } from './rtmp-player.ts';

/** The load client's result for one run, printed as the `summary` event. */
export interface LoadSummary {
  readonly protocol: string;
  readonly n: number;
  readonly connected: number;
  readonly playing: number;
  readonly errors: number;
  readonly errorSamples: string[];
  readonly rampMs: number;
  readonly ttffP50Ms: number;
  readonly ttffP95Ms: number;
  readonly ttffMaxMs: number;
  readonly windowMs: number;
  readonly realtime: number;
  readonly realtimePct: number;
  readonly gaps: number;
  readonly playersWithGaps: number;
  readonly gapsBeforeWindow: number;
  readonly framesPerPlayer: number;
  readonly mediaRatioP5: number;
  readonly receivedMbps: number;
  readonly clientCpuPct: number;
}

const { values: args } = parseArgs({
  options: {
    protocol: { type: 'string', default: 'http-flv' },
    url: { type: 'string' },
    n: { type: 'string', default: '100' },
    batch: { type: 'string', default: '50' },
    'batch-interval-ms': { type: 'string', default: '100' },
    'join-timeout-ms': { type: 'string', default: '20000' },
    'settle-ms': { type: 'string', default: '3000' },
    'window-ms': { type: 'string', default: '20000' },
    // 'lean' (header-only reader, the default) or 'full' (the media node's pull client, for comparison).
    'rtmp-client': { type: 'string', default: 'lean' },
  },
});

if (!args.url) throw new Error('--url is required');
const url = new URL(args.url);
const protocol = args.protocol;
if (protocol !== 'rtmp' && protocol !== 'http-flv') throw new Error(`--protocol must be rtmp or http-flv`);
const n = Number(args.n);
const batch = Number(args.batch);
const batchIntervalMs = Number(args['batch-interval-ms']);
const joinTimeoutMs = Number(args['join-timeout-ms']);
const settleMs = Number(args['settle-ms']);
const windowMs = Number(args['window-ms']);

const players: PlayerStats[] = [];
const sockets: { destroy(): void }[] = [];
const start =
  protocol === 'http-flv'
    ? startFlvPlayer
    : args['rtmp-client'] === 'full'
      ? startFullRtmpPlayer
      : startRtmpPlayer;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const emit = (obj: object): void => void process.stdout.write(`${JSON.stringify(obj)}\n`);

process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

const t0 = performance.now();
for (let i = 0; i < n; i += batch) {
  for (let j = i; j < Math.min(n, i + batch); j++) {
    const stats = new PlayerStats(performance.now());
    players.push(stats);
    sockets.push(start(url, stats, () => {}));
  }
  await sleep(batchIntervalMs);
}
// Wait (bounded) until every player that is still open received its first keyframe.
const joinDeadline = performance.now() + joinTimeoutMs;
while (performance.now() < joinDeadline && players.some((p) => p.ttffMs < 0 && !p.closed)) await sleep(50);
const rampMs = performance.now() - t0;
emit({
  event: 'ramped',
  rampMs: Math.round(rampMs),
  playing: players.filter((p) => p.ttffMs >= 0).length,
  closed: players.filter((p) => p.closed).length,
});
await sleep(settleMs);

const gapsBeforeWindow = players.reduce((a, p) => a + p.gaps, 0);
const cpu0 = process.cpuUsage();
const w0 = performance.now();
for (const p of players) p.markWindow(w0);
const bytes0 = players.reduce((a, p) => a + p.bytes, 0);
emit({ event: 'window-start' });
await sleep(windowMs);
const w1 = performance.now();
const cpu = process.cpuUsage(cpu0);
const results = players.map((p) => p.windowResult(w1));
const bytes = players.reduce((a, p) => a + p.bytes, 0) - bytes0;
const ttff = players.filter((p) => p.ttffMs >= 0).map((p) => p.ttffMs);
const errors = players.filter((p) => p.error !== null);
const realtime = results.filter((r, i) => r.realtime && !players[i]!.closed).length;
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

const summary: LoadSummary = {
  protocol,
  n,
  connected: players.filter((p) => p.connectedAt >= 0).length,
  playing: ttff.length,
  errors: errors.length,
  errorSamples: [...new Set(errors.map((p) => p.error!))].slice(0, 5),
  rampMs: Math.round(rampMs),
  ttffP50Ms: round(percentile(ttff, 50)),
  ttffP95Ms: round(percentile(ttff, 95)),
  ttffMaxMs: round(percentile(ttff, 100)),
  windowMs: Math.round(w1 - w0),
  realtime,
  realtimePct: round((realtime / n) * 100),
  gaps: results.reduce((a, r) => a + r.gaps, 0),
  playersWithGaps: results.filter((r) => r.gaps > 0).length,
  gapsBeforeWindow,
  framesPerPlayer: round(results.reduce((a, r) => a + r.frames, 0) / Math.max(1, n)),
  mediaRatioP5: round(
    percentile(
      results.map((r) => r.mediaRatio),
      5,
    ),
    3,
  ),
  receivedMbps: round((bytes * 8) / ((w1 - w0) / 1000) / 1e6),
  clientCpuPct: round(((cpu.user + cpu.system) / 1000 / (w1 - w0)) * 100),
};
emit({ event: 'summary', summary });
for (const s of sockets) s.destroy();
process.exit(0);
