import {
  startTestControlApi,
  type TestControlApi,
  type TestControlApiOptions,
} from '@mediaplane/control-api/test/harness.ts';
import { MediaNodeConfig } from '../../src/config/schema.ts';
import { createControlClient } from '../../src/control/client.ts';
import type { Policy } from '../../src/core/policy.ts';
import { createLogger } from '../../src/log.ts';
import { type MediaNode, nodeRegistration, startMediaNode } from '../../src/media-node.ts';

/** A control API and a media node on 127.0.0.1, ports chosen by the OS. */
export interface Stack {
  readonly api: TestControlApi;
  readonly node: MediaNode;
  readonly nodeId: string;
  /** Every line the media node logged, for asserting on reasons. */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Starts a real control API (its own database) and a media node that asks it for every decision.
 * `apiOptions` reach the control API harness (e.g. test-speed webhook retries); `wrapPolicy` lets a
 * test observe the node's decisions (the control client stays the event sink).
 */
export async function startStack(
  overrides: Record<string, unknown> = {},
  apiOptions: TestControlApiOptions = {},
  wrapPolicy: (control: Policy) => Policy = (control) => control,
): Promise<Stack> {
  // `control` overrides (nodeSecret, heartbeatMs, ...) reach the node; a node secret reaches the API too.
  const controlOverrides = (overrides.control ?? {}) as { nodeSecret?: string };
  const api = await startTestControlApi({ nodeSecret: controlOverrides.nodeSecret, ...apiOptions });
  const logs: string[] = [];
  const log = createLogger('debug', {}, (line) => {
    logs.push(line);
    if (process.env.MEDIAPLANE_TEST_LOG) process.stderr.write(`${line}\n`);
  });
  const nodeId = `node-${Math.random().toString(36).slice(2, 8)}`;
  const config = MediaNodeConfig.parse({
    ...overrides,
    node: { id: nodeId },
    rtmp: { host: '127.0.0.1', port: 0, ...(overrides.rtmp as object | undefined) },
    http: { host: '127.0.0.1', port: 0 },
    control: { ...controlOverrides, url: api.url },
  });
  const control = createControlClient({
    baseUrl: api.url,
    nodeId,
    nodeSecret: config.control.nodeSecret,
    timeoutMs: 2000,
    failPolicy: 'closed',
    log,
  });
  try {
    const node = await startMediaNode(config, { policy: wrapPolicy(control), events: control, log });
    await control.register(nodeRegistration(config, node));
    return {
      api,
      node,
      nodeId,
      logs,
      async close() {
        await node.close();
        await control.close();
        await api.close();
      },
    };
  } catch (err) {
    await control.close();
    await api.close();
    throw err;
  }
}
