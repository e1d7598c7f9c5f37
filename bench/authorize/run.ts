// Authorize-play decisions per second and latency, PGlite vs Postgres, through the node's real control client.
// Usage: node bench/authorize/run.ts [--seconds 5] [--concurrency 1,8,32] [--db pglite,postgres]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createControlClient } from '../../apps/media-node/src/control/client.ts';
import { createLogger } from '../../apps/media-node/src/log.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,8,32' },
    db: { type: 'string', default: 'pglite,postgres' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const seconds = Number(values.seconds);
const levels = values.concurrency.split(',').map(Number);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function startApi(db: string): Promise<{ url: string; proc: ChildProcess; cleanup(): void }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mp-bench-auth-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MEDIAPLANE_API_PORT: String(port),
    MEDIAPLANE_API_HOST: '127.0.0.1',
    MEDIAPLANE_LOG_LEVEL: 'error',
    MEDIAPLANE_DATA_DIR: dataDir,
  };
  if (db === 'postgres') env.DATABASE_URL = values.postgres;
  else delete env.DATABASE_URL;
  const proc = spawn(process.execPath, ['apps/control-api/src/entry.node.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`control API (${db}) did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    cleanup: () => {
      proc.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const rows: string[] = [];
for (const db of values.db.split(',')) {
  const api = await startApi(db);
  try {
    const client = createControlClient({
      baseUrl: api.url,
      nodeId: 'bench-node',
      log: createLogger('error'),
    });
    const req = (i: number) => ({
      vhost: '__defaultVhost__',
      app: 'live',
      stream: 'bench',
      params: {},
      protocol: 'rtmp' as const,
      sessionId: `s${i}`,
      ip: '127.0.0.1',
    });
    for (let i = 0; i < 200; i++) await client.authorizePlay(req(i));
    for (const concurrency of levels) {
      const latencies: number[] = [];
      const end = performance.now() + seconds * 1000;
      let n = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < end) {
            const t = performance.now();
            try {
              await client.authorizePlay(req(n++));
              latencies.push(performance.now() - t);
            } catch {
              failed++;
            }
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const row = `| ${db} | ${concurrency} | ${(latencies.length / seconds).toFixed(0)} | ${quantile(latencies, 0.5).toFixed(2)} | ${quantile(latencies, 0.99).toFixed(2)} | ${latencies.at(-1)?.toFixed(1)} | ${failed} |`;
      rows.push(row);
      console.log(row);
    }
    await client.close();
  } finally {
    api.cleanup();
  }
}
const table = [
  '| database | concurrency | decisions/s | p50 ms | p99 ms | max ms | failed |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
mkdirSync('bench/out', { recursive: true });
writeFileSync(`bench/out/authorize-${new Date().toISOString().replace(/[:.]/g, '-')}.md`, `${table}\n`);
console.log(`\n${table}`);
