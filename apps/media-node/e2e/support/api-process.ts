import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@mediaplane/control-api/test/harness.ts';
import { freePort } from './free-port.ts';
import { waitFor } from './poll.ts';

const ENTRY = fileURLToPath(new URL('../../../control-api/src/entry.node.ts', import.meta.url));

/** The control API as its own OS process, so a test can kill it like a crash would. */
export interface ApiProcess {
  /** Stays the same across kill() and start(). */
  readonly url: string;
  readonly apiKey: string;
  /** Starts the process (again) on the same port and database; resolves once /health answers. */
  start(): Promise<void>;
  /** SIGKILLs the process: no shutdown, open connections drop. */
  kill(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Prepares a control API process on a free port over a fresh database (Postgres when DATABASE_URL is set, else PGlite on disk). */
export async function apiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const pg: TestDatabase | undefined = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const dataDir = pg ? undefined : mkdtempSync(join(tmpdir(), 'mp-api-proc-'));
  const apiKey = `mp_e2e_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let out = '';

  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    MEDIAPLANE_API_HOST: '127.0.0.1',
    MEDIAPLANE_API_PORT: String(port),
    MEDIAPLANE_LOG_LEVEL: 'warn',
    MEDIAPLANE_API_KEY: apiKey,
    DATABASE_URL: pg?.url,
    MEDIAPLANE_DATA_DIR: dataDir,
    ...env,
  };

  const kill = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    child = undefined;
  };

  return {
    url,
    apiKey,
    output: () => out,
    async start() {
      await kill();
      const proc = spawn(process.execPath, [ENTRY], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const collect = (b: Buffer) => {
        out += b.toString();
      };
      proc.stdout?.on('data', collect);
      proc.stderr?.on('data', collect);
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      const state = await waitFor(
        'the control API process to answer /health',
        async () => {
          if (proc.exitCode !== null) return 'exited';
          return (await fetch(`${url}/health`)).ok && 'up';
        },
        30_000,
      );
      if (state === 'exited') throw new Error(`control API exited with ${proc.exitCode}:\n${out}`);
    },
    kill,
    async close() {
      await kill();
      await pg?.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
