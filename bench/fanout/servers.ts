// The two servers the fan-out bench compares, each started as its own child process on free loopback ports.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { OUT_DIR } from './make-source.ts';
import { type Child, freePort, pollUntil, startChild } from './procs.ts';

/** Which server a case runs; `mediaplane-node` is the media node alone (allow-all policy, no control API). */
export type ServerName = 'mediaplane' | 'mediaplane-node' | 'nms';
/** Every server name `--servers` accepts. */
export const SERVER_NAMES: readonly ServerName[] = ['mediaplane', 'mediaplane-node', 'nms'];
/** Which player protocol a case uses. */
export type Protocol = 'rtmp' | 'http-flv';

/** A started server with its URLs. */
export interface RunningServer {
  readonly name: ServerName;
  readonly child: Child;
  readonly publishUrl: string;
  playUrl(protocol: Protocol): string;
  /** Scratch directory the server wrote to; removed after the case. */
  readonly dataDir: string;
}

/** Repository root (bench/fanout/../..). */
export const ROOT = join(OUT_DIR, '..', '..');
/** The Node 24 the project pins; both servers and the load client run on it. */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
/** Mediaplane's single-process entry (control API + media node). */
export const MEDIAPLANE_ENTRY = join(ROOT, 'apps', 'standalone', 'src', 'main.ts');

const STREAM = 'live/bench';

/** Starts `name` on fresh ports and resolves once its RTMP and HTTP ports accept connections. */
export async function startServer(
  name: ServerName,
  databaseUrl: string,
  startTimeoutMs = 30_000,
): Promise<RunningServer> {
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  let child: Child;
  let flvPath: string;
  let dataDir: string;
  if (name === 'mediaplane' && databaseUrl !== 'pglite') await ensureDatabase(databaseUrl);
  if (name === 'mediaplane' || name === 'mediaplane-node') {
    // BENCH_MEDIA_NODE_ENTRY runs another build of the node-alone server, e.g. the esbuild bundle (bench/README.md).
    const nodeEntry =
      process.env.BENCH_MEDIA_NODE_ENTRY ?? join(ROOT, 'bench', 'fanout', 'media-node-server.ts');
    const entry = name === 'mediaplane' ? MEDIAPLANE_ENTRY : nodeEntry;
    if (!existsSync(entry)) throw new Error(`${entry} does not exist yet`);
    const apiPort = await freePort();
    dataDir = join(OUT_DIR, `mediaplane-data-${process.pid}`);
    mkdirSync(dataDir, { recursive: true });
    child = startChild(name, NODE, [...nodeFlags(name), entry], {
      cwd: ROOT,
      onLine: echo,
      env: {
        ...process.env,
        MEDIAPLANE_DATABASE_DATA_DIR: dataDir,
        MEDIAPLANE_DATABASE_URL: databaseUrl === 'pglite' ? '' : databaseUrl,
        MEDIAPLANE_API_HOST: '127.0.0.1',
        MEDIAPLANE_RTMP_HOST: '127.0.0.1',
        MEDIAPLANE_RTMP_PORT: String(rtmpPort),
        MEDIAPLANE_HTTP_HOST: '127.0.0.1',
        MEDIAPLANE_HTTP_PORT: String(httpPort),
        MEDIAPLANE_API_PORT: String(apiPort),
        MEDIAPLANE_LOG_LEVEL: 'warn',
      },
    });
    flvPath = `${STREAM}.live.flv`;
  } else {
    dataDir = join(OUT_DIR, `nms-data-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    child = startChild(
      'nms',
      NODE,
      [
        ...nodeFlags(name),
        join(ROOT, 'bench', 'fanout', 'nms-server.ts'),
        '--rtmp-port',
        String(rtmpPort),
        '--http-port',
        String(httpPort),
        '--data-dir',
        dataDir,
      ],
      { cwd: ROOT, onLine: echo },
    );
    flvPath = `${STREAM}.flv`;
  }
  try {
    for (const port of [rtmpPort, httpPort]) {
      await pollUntil(`${name} listening on ${port}`, startTimeoutMs, async () => {
        if (child.proc.exitCode !== null) throw new Error(`${name} exited early:\n${child.tail.join('\n')}`);
        return (await canConnect(port)) ? true : null;
      });
    }
  } catch (err) {
    child.proc.kill('SIGKILL');
    throw err;
  }
  return {
    name,
    child,
    dataDir,
    publishUrl: `rtmp://127.0.0.1:${rtmpPort}/${STREAM}`,
    playUrl: (protocol) =>
      protocol === 'rtmp'
        ? `rtmp://127.0.0.1:${rtmpPort}/${STREAM}`
        : `http://127.0.0.1:${httpPort}/${flvPath}`,
  };
}

/**
 * The standalone's control API would otherwise embed PGlite, a whole Postgres in the server process (≈540 MB RSS),
 * which says nothing about fan-out; by default it gets its own database on the local Postgres instead.
 */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mediaplane_bench';

/** Creates the database named in `url` if it does not exist (connecting to the server's `postgres` database). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/** With BENCH_VERBOSE=1, server output is echoed to stderr. */
const echo =
  process.env.BENCH_VERBOSE === '1'
    ? (line: string): void => void process.stderr.write(`  | ${line}\n`)
    : undefined;

/** Extra Node flags for a server, from BENCH_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=bench/out/prof`). */
function nodeFlags(_name: ServerName): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
