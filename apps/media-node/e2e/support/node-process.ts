import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestControlApi, type TestControlApi } from '@mediaplane/control-api/test/harness.ts';
import { freePort } from './free-port.ts';
import { waitFor } from './poll.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A media node as its own OS process (apps/media-node/src/main.ts), on ports of its own. */
export interface NodeProcess {
  readonly nodeId: string;
  readonly rtmpPort: number;
  readonly httpPort: number;
  readonly proc: ChildProcess;
  /** What the process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts a node process that asks `controlUrl` for its decisions; resolves once the control API lists it.
 * `env` adds or overrides MEDIAPLANE_* settings.
 */
export async function startNodeProcess(
  api: TestControlApi,
  env: Record<string, string> = {},
): Promise<NodeProcess> {
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const nodeId = `proc-${Math.random().toString(36).slice(2, 8)}`;
  let out = '';
  const proc = spawn(process.execPath, [MAIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MEDIAPLANE_CONFIG: '/dev/null',
      MEDIAPLANE_NODE_ID: nodeId,
      MEDIAPLANE_RTMP_HOST: '127.0.0.1',
      MEDIAPLANE_RTMP_PORT: String(rtmpPort),
      MEDIAPLANE_HTTP_HOST: '127.0.0.1',
      MEDIAPLANE_HTTP_PORT: String(httpPort),
      MEDIAPLANE_CONTROL_URL: api.url,
      MEDIAPLANE_CONTROL_HEARTBEAT_MS: '1000',
      MEDIAPLANE_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const collect = (b: Buffer): void => {
    out += b.toString();
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const node: NodeProcess = {
    nodeId,
    rtmpPort,
    httpPort,
    proc,
    output: () => out,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitFor(
      `node process ${nodeId} to register`,
      async () => {
        if (proc.exitCode !== null) throw new Error(`node exited with ${proc.exitCode}:\n${out}`);
        return (await api.listNodes()).some((n) => n.id === nodeId);
      },
      20_000,
    );
  } catch (err) {
    await node.close();
    throw err;
  }
  return node;
}

/** An origin for pull tests: its own control API and a node process publishers and pulls connect to. */
export interface Origin {
  readonly api: TestControlApi;
  readonly node: NodeProcess;
  rtmpUrl(app: string, stream: string): string;
  flvUrl(app: string, stream: string): string;
  close(): Promise<void>;
}

/** Starts a control API in this process and a media node as another process on other ports. */
export async function startOrigin(): Promise<Origin> {
  const api = await startTestControlApi();
  try {
    const node = await startNodeProcess(api);
    return {
      api,
      node,
      rtmpUrl: (app, stream) => `rtmp://127.0.0.1:${node.rtmpPort}/${app}/${stream}`,
      flvUrl: (app, stream) => `http://127.0.0.1:${node.httpPort}/${app}/${stream}.live.flv`,
      async close() {
        await node.close();
        await api.close();
      },
    };
  } catch (err) {
    await api.close();
    throw err;
  }
}
