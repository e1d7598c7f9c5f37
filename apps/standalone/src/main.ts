// `npm start`: the control API and one media node in one process, configured by mediaplane.yml and MEDIAPLANE_* env.
import { join } from 'node:path';
import { startControlApi } from '@mediaplane/control-api';
import {
  closeOnSignals,
  createControlClient,
  createLogger,
  installProcessGuards,
  loadConfigOrExit,
  nodeRegistration,
  startMediaNode,
} from '@mediaplane/media-node';
import { StandaloneConfig } from './config.ts';

const config = loadConfigOrExit(StandaloneConfig);

const log = createLogger(config.log.level);
installProcessGuards(log);
const databaseUrl = config.database.url || process.env.DATABASE_URL || undefined;
const api = await startControlApi(
  {
    host: config.api.host,
    port: config.api.port,
    databaseUrl,
    dataDir: join(config.database.dataDir, 'pglite'),
    apiKey: config.api.key,
    tokenSecret: config.api.tokenSecret,
    allowPrivateWebhookUrls: config.api.allowPrivateWebhookUrls,
    allowPrivatePullUrls: config.api.allowPrivatePullUrls,
    nodeSecret: config.control.nodeSecret,
    retention: config.retention,
    logLevel: config.log.level === 'debug' ? 'info' : config.log.level,
  },
  log.child({ app: 'control-api' }),
);
const nodeLog = log.child({ app: 'media-node', node: config.node.id });
const control = createControlClient({
  baseUrl: `http://127.0.0.1:${api.port}`,
  nodeId: config.node.id,
  nodeSecret: config.control.nodeSecret,
  timeoutMs: config.control.timeoutMs,
  lifecycleTimeoutMs: config.control.lifecycleTimeoutMs,
  failPolicy: config.control.failPolicy,
  log: nodeLog,
});
// One install, one trust decision: pull URLs the embedded API accepts on private addresses, the node may reach.
const allowPrivatePulls = config.pull.allowPrivate || config.api.allowPrivatePullUrls;
const node = await startMediaNode(
  { ...config, pull: { allowPrivate: allowPrivatePulls } },
  { policy: control, events: control, log: nodeLog },
);
void control.register(nodeRegistration(config, node));
log.info('Mediaplane is up', {
  rtmp: `rtmp://${config.node.publicHost}:${node.rtmpPort}/live/{stream}`,
  httpFlv: `http://${config.node.publicHost}:${node.httpPort}/live/{stream}.live.flv`,
  api: api.url,
  database: databaseUrl ? 'postgres' : `pglite at ${config.database.dataDir}`,
});

closeOnSignals(log, [node, control, api]);
