import { startTestControlApi } from '@mediaplane/control-api/test/harness.ts';
import { MediaNodeConfig } from '../../src/config/schema.ts';
import { createControlClient } from '../../src/control/client.ts';
import type { Policy } from '../../src/core/policy.ts';
import { createLogger } from '../../src/log.ts';
import { nodeRegistration, startMediaNode } from '../../src/media-node.ts';
import type { Stack } from './stack.ts';

/** A Stack whose node counts answered play authorizations. */
export interface HeldStack extends Stack {
  /**
   * Plays the control API allowed so far. The node looks the stream up in the same tick the answer
   * arrives, so once a poll sees the count, a player counted for a missing stream is held.
   */
  playsAllowed(): number;
}

/** Starts a real control API and an in-process media node whose policy counts allowed plays. */
export async function startHeldStack(): Promise<HeldStack> {
  const api = await startTestControlApi();
  const logs: string[] = [];
  const log = createLogger('debug', {}, (line) => {
    logs.push(line);
    if (process.env.MEDIAPLANE_TEST_LOG) process.stderr.write(`${line}\n`);
  });
  const nodeId = `node-${Math.random().toString(36).slice(2, 8)}`;
  const config = MediaNodeConfig.parse({
    node: { id: nodeId },
    rtmp: { host: '127.0.0.1', port: 0 },
    http: { host: '127.0.0.1', port: 0 },
    control: { url: api.url },
  });
  const control = createControlClient({
    baseUrl: api.url,
    nodeId,
    timeoutMs: 2000,
    failPolicy: 'closed',
    log,
  });
  let allowed = 0;
  const policy: Policy = {
    authorizePublish: (req) => control.authorizePublish(req),
    authorizePlay: async (req) => {
      const lifecycle = await control.authorizePlay(req);
      allowed++;
      return lifecycle;
    },
    streamNotFound: (report) => control.streamNotFound(report),
    noViewers: (report) => control.noViewers(report),
  };
  try {
    const node = await startMediaNode(config, { policy, events: control, log });
    await control.register(nodeRegistration(config, node));
    return {
      api,
      node,
      nodeId,
      logs,
      playsAllowed: () => allowed,
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
