// Entry of a stand-alone media node: config from mediaplane.yml / MEDIAPLANE_* env, decisions from the control API.
import { loadConfigOrExit } from './config/load.ts';
import { MediaNodeConfig } from './config/schema.ts';
import { createControlClient } from './control/client.ts';
import { createLogger } from './log.ts';
import { nodeRegistration, startMediaNode } from './media-node.ts';
import { installProcessGuards } from './process-guards.ts';
import { closeOnSignals } from './shutdown.ts';

const config = loadConfigOrExit(MediaNodeConfig);
const log = createLogger(config.log.level, { node: config.node.id });
installProcessGuards(log);
const control = createControlClient({
  baseUrl: config.control.url,
  nodeId: config.node.id,
  nodeSecret: config.control.nodeSecret,
  timeoutMs: config.control.timeoutMs,
  lifecycleTimeoutMs: config.control.lifecycleTimeoutMs,
  failPolicy: config.control.failPolicy,
  log,
});
const node = await startMediaNode(config, { policy: control, events: control, log });
// A (re)started node holds nothing: registering clears what the API remembered of its previous life.
void control.register(nodeRegistration(config, node));

closeOnSignals(log, [node, control]);
