// Starts node-media-server 4.x (the PEER the fan-out bench compares against) as media only: RTMP + HTTP-FLV on
// 127.0.0.1, no admin console, no API, no TLS, no recording. Logging is lowered to `warn` like Mediaplane's run.
// Usage: node bench/fanout/nms-server.ts --rtmp-port 19350 --http-port 18000 [--data-dir bench/out/nms-data]
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OUT_DIR } from './make-source.ts';

interface Nms {
  run(): Promise<void>;
  stop(): Promise<void>;
}

const { values: args } = parseArgs({
  options: {
    'rtmp-port': { type: 'string', default: '19350' },
    'http-port': { type: 'string', default: '18000' },
    'data-dir': { type: 'string', default: join(OUT_DIR, 'nms-data') },
  },
});

const require = createRequire(import.meta.url);
const NodeMediaServer = require('node-media-server') as new (config: object, configPath: string) => Nms;
const logger = require('node-media-server/src/core/logger.js') as { level: string };

const dataDir = args['data-dir'];
mkdirSync(dataDir, { recursive: true });
const config = {
  bind: '127.0.0.1',
  notify: { url: '' },
  store: { path: dataDir },
  auth: { play: false, publish: false, secret: 'bench' },
  rtmp: { port: Number(args['rtmp-port']) },
  http: { port: Number(args['http-port']) },
  webadmin: { enable: false },
  record: { auto: false, path: join(dataDir, 'record') },
};

const nms = new NodeMediaServer(config, join(dataDir, 'config.json'));
// The constructor forces debug logging; per-session log lines would cost it CPU Mediaplane (at warn) does not pay.
logger.level = 'warn';
await nms.run();
console.log(`nms ready rtmp=${config.rtmp.port} http=${config.http.port}`);

const shutdown = (): void => {
  void nms.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
