// The server the lifecycle bench measures: the standalone (control API + media node, one process) on free ports.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { OUT_DIR } from '../fanout/make-source.ts';
import { type Child, freePort, pollUntil, startChild, stopChild } from '../fanout/procs.ts';
import { MEDIAPLANE_ENTRY, NODE, ROOT } from '../fanout/servers.ts';

/** A running standalone with its ports and an admin key for the public API. */
export interface BenchServer {
  readonly child: Child;
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** PUT /v1/apps/{app}/policy with `patch`; throws unless accepted. */
  setPolicy(app: string, patch: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
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

/** Starts the standalone over `db` ('pglite' for its embedded database, else a Postgres URL). */
export async function startServer(db: string, echo?: (line: string) => void): Promise<BenchServer> {
  const [rtmpPort, httpPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const apiKey = `mp_bench_${randomBytes(18).toString('base64url')}`;
  const dataDir = join(OUT_DIR, `lifecycle-data-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MEDIAPLANE_DATABASE_DATA_DIR: dataDir,
    MEDIAPLANE_DATABASE_URL: db === 'pglite' ? '' : db,
    MEDIAPLANE_API_HOST: '127.0.0.1',
    MEDIAPLANE_API_PORT: String(apiPort),
    MEDIAPLANE_API_KEY: apiKey,
    MEDIAPLANE_RTMP_HOST: '127.0.0.1',
    MEDIAPLANE_RTMP_PORT: String(rtmpPort),
    MEDIAPLANE_HTTP_HOST: '127.0.0.1',
    MEDIAPLANE_HTTP_PORT: String(httpPort),
    MEDIAPLANE_LOG_LEVEL: 'warn',
  };
  if (db === 'pglite') delete env.DATABASE_URL;
  const child = startChild('mediaplane', NODE, [MEDIAPLANE_ENTRY], { cwd: ROOT, env, onLine: echo });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const server: BenchServer = {
    child,
    rtmpPort,
    httpPort,
    async setPolicy(app, patch) {
      const res = await fetch(`${apiUrl}/v1/apps/${app}/policy`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (!res.ok) throw new Error(`policy of ${app}: HTTP ${res.status} ${await res.text()}`);
    },
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await pollUntil('the standalone to listen', 60_000, async () => {
      if (child.proc.exitCode !== null) throw new Error(`standalone exited:\n${child.tail.join('\n')}`);
      const api = await fetch(`${apiUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      return api && (await canConnect(rtmpPort)) && (await canConnect(httpPort)) ? true : null;
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
