// Turns slow-reader case results into the markdown table printed by run.ts and pasted into RESULTS.md.
import { median } from '../fanout/report.ts';
import type { Protocol, ServerName } from '../fanout/servers.ts';

/** Everything measured in one (server, protocol, run) case; RSS in MB. */
export interface CaseResult {
  readonly server: ServerName;
  readonly protocol: Protocol;
  readonly run: number;
  readonly stalledReaders: number;
  /** Server RSS with the publisher and the healthy reader only: median of the baseline samples. */
  readonly baselineMb: number;
  /** Median of the 500 ms samples over the last third of the stall. */
  readonly stallMb: number;
  readonly peakMb: number;
  /** Every 500 ms RSS sample of the stall, for the `.json` file. */
  readonly samplesMb: readonly number[];
  /** The server's per-reader queue bound in MB, when it has one. */
  readonly boundMb: number | null;
  /** Healthy reader over the stall: video frames received, and frames the publish rate promises. */
  readonly healthyFrames: number;
  readonly expectedFrames: number;
  /** Healthy reader's media-time advance ÷ (publish rate × wall time) over the stall. */
  readonly healthyRate: number;
  readonly healthyGaps: number;
  /** The server process was still running at the end of the stall. */
  readonly survived: boolean;
  readonly error: string | null;
}

/** A healthy reader kept real time when its media time advanced at ≥ 90 % of the publish rate. */
export const REALTIME_FRACTION = 0.9;

const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** Growth of RSS during the stall over the baseline, in MB. */
export function growthMb(r: CaseResult): number {
  return r.stallMb - r.baselineMb;
}

/** One row per (protocol, server): medians over the runs that completed. */
export function resultsTable(results: readonly CaseResult[]): string {
  const head =
    '| protocol | server | runs ok | baseline RSS MB | RSS in stall MB (peak) | growth MB | growth per stalled reader MB | queue bound MB | per-reader growth ÷ bound | healthy reader frames / expected | healthy real-time runs | gaps | survived |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const keys: string[] = [];
  for (const r of results)
    if (!keys.includes(`${r.protocol} ${r.server}`)) keys.push(`${r.protocol} ${r.server}`);
  const rows = keys.map((key) => {
    const all = results.filter((r) => `${r.protocol} ${r.server}` === key);
    const ok = all.filter((r) => r.error === null);
    const [protocol, server] = key.split(' ');
    if (ok.length === 0) {
      return `| ${protocol} | ${server} | 0/${all.length} | failed: ${all[0]?.error ?? 'unknown'} ||||||||||`;
    }
    const m = (pick: (r: CaseResult) => number): number => median(ok.map(pick));
    const growth = m(growthMb);
    const perReader = m((r) => growthMb(r) / r.stalledReaders);
    const bound = ok[0]!.boundMb;
    const realtime = ok.filter((r) => r.healthyRate >= REALTIME_FRACTION).length;
    const survived = all.filter((r) => r.survived).length;
    return (
      `| ${protocol} | ${server} | ${ok.length}/${all.length} | ${f(m((r) => r.baselineMb))} | ` +
      `${f(m((r) => r.stallMb))} (${f(m((r) => r.peakMb))}) | ${f(growth)} | ${f(perReader)} | ` +
      `${bound === null ? 'none' : f(bound, 2)} | ${bound === null ? '—' : f(perReader / bound, 2)} | ` +
      `${f(
        m((r) => r.healthyFrames),
        0,
      )} / ${f(
        m((r) => r.expectedFrames),
        0,
      )} | ${realtime}/${ok.length} | ` +
      `${f(
        m((r) => r.healthyGaps),
        0,
      )} | ${survived}/${all.length} |`
    );
  });
  return [head, ...rows].join('\n');
}

/** Every run's figures, for the `.md` file under bench/out/. */
export function runsTable(results: readonly CaseResult[]): string {
  const head =
    '| protocol | server | run | baseline MB | stall MB | peak MB | growth MB | healthy frames / expected | rate | survived | error |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|';
  const rows = results.map(
    (r) =>
      `| ${r.protocol} | ${r.server} | ${r.run} | ${f(r.baselineMb)} | ${f(r.stallMb)} | ${f(r.peakMb)} | ` +
      `${f(growthMb(r))} | ${r.healthyFrames} / ${r.expectedFrames} | ${f(r.healthyRate, 2)} | ` +
      `${r.survived ? 'yes' : 'NO'} | ${r.error ?? ''} |`,
  );
  return [head, ...rows].join('\n');
}
