// Starts Mediaplane's media node alone (no control API, allow-all policy) for profiling it in isolation.
// The fan-out bench's `mediaplane` server is the standalone entry; this is the optional `mediaplane-node`.
// Usage: node bench/fanout/media-node-server.ts   (ports and log level from MEDIAPLANE_* env, as the node reads them)
// Deep imports keep this independent of what the package index re-exports while it is being written.
import { loadConfig } from '../../apps/media-node/src/config/load.ts';
import { MediaNodeConfig } from '../../apps/media-node/src/config/schema.ts';
import { createLogger } from '../../apps/media-node/src/log.ts';
import { startMediaNode } from '../../apps/media-node/src/media-node.ts';

const config = loadConfig(MediaNodeConfig);
const log = createLogger(config.log.level);
const node = await startMediaNode(config, {
  policy: {
    authorizePublish: async () => undefined,
    authorizePlay: async () => undefined,
    streamNotFound: async () => ({ action: 'wait' }),
    noViewers: async () => ({ action: 'keep' }),
  },
  events: { streamRegistered: () => {}, streamUnregistered: () => {} },
  log,
});
console.log(`media node ready rtmp=${node.rtmpPort} http=${node.httpPort}`);

const shutdown = (): void => {
  void node.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
