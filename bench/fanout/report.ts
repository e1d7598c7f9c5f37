// Turns fan-out case results into the markdown tables printed by run.ts and pasted into RESULTS.md.
import type { LoadSummary } from './load-client.ts';
import type { Protocol, ServerName } from './servers.ts';

/** Everything measured in one (server, protocol, N) case. */
export interface CaseResult {
  readonly server: ServerName;
  readonly protocol: Protocol;
  readonly n: number;
  /** Server with the publisher only, before players: CPU % of one core and RSS MB. */
  readonly baselineCpuPct: number;
  readonly baselineRssMb: number;
  /** Server over the steady-state window, 1 s samples. */
  readonly cpuMedianPct: number;
  readonly cpuMeanPct: number;
  readonly rssMedianMb: number;
  /** Highest RSS seen from the first player's connect to the window's end. */
  readonly rssPeakMb: number;
  readonly samples: number;
  readonly loadClientCpuPct: number;
  /** CPU % used by other processes on the machine during the window (noise indicator, % of one core). */
  readonly otherCpuPct: number;
  readonly load: LoadSummary | null;
  readonly error: string | null;
}

/** Median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** Memory each player adds: (median RSS with players − baseline RSS) / N, in KB. */
export function perPlayerKb(r: CaseResult): number {
  return ((r.rssMedianMb - r.baselineRssMb) * 1024) / r.n;
}

/** The per-case table: one row per (N, protocol, server). */
export function resultsTable(results: readonly CaseResult[]): string {
  const head =
    '| N | protocol | server | CPU % median (mean) | RSS MB median / peak | baseline CPU % / RSS MB | KB per player | real-time | gaps (players) | TTFF p50 / p95 ms | load client CPU % | other CPU % |\n' +
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) => {
    const l = r.load;
    if (!l) return `| ${r.n} | ${r.protocol} | ${r.server} | failed: ${r.error ?? 'unknown'} ||||||||||`;
    return (
      `| ${r.n} | ${r.protocol} | ${r.server} | ${f(r.cpuMedianPct)} (${f(r.cpuMeanPct)}) | ` +
      `${f(r.rssMedianMb)} / ${f(r.rssPeakMb)} | ${f(r.baselineCpuPct)} / ${f(r.baselineRssMb)} | ` +
      `${f(perPlayerKb(r), 0)} | ${l.realtime}/${l.n} (${f(l.realtimePct)} %) | ${l.gaps} (${l.playersWithGaps}) | ` +
      `${f(l.ttffP50Ms)} / ${f(l.ttffP95Ms)} | ${f(r.loadClientCpuPct)} | ${f(r.otherCpuPct, 0)} |`
    );
  });
  return [head, ...rows].join('\n');
}

/** Mediaplane ÷ node-media-server for CPU and RSS at each (N, protocol) both completed. */
export function ratioTable(results: readonly CaseResult[]): string {
  const rows: string[] = [];
  for (const mp of results) {
    if (mp.server === 'nms' || !mp.load) continue;
    const nms = results.find(
      (r) => r.server === 'nms' && r.n === mp.n && r.protocol === mp.protocol && r.load,
    );
    if (!nms) continue;
    rows.push(
      `| ${mp.n} | ${mp.protocol} | ${mp.server} | ${f(mp.cpuMedianPct / nms.cpuMedianPct, 2)} | ${f(mp.rssMedianMb / nms.rssMedianMb, 2)} | ` +
        `${f(perPlayerKb(mp), 0)} / ${f(perPlayerKb(nms), 0)} |`,
    );
  }
  if (rows.length === 0) return '';
  return [
    '| N | protocol | server | CPU ÷ nms | RSS ÷ nms | KB per player: server / nms |',
    '|---:|---|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
