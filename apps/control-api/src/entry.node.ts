import { parseConfig } from './config.ts';
import { configFromEnv } from './env.ts';
import { createLogger } from './log.ts';
import { startControlApi } from './start.node.ts';

// Runnable entry: `node apps/control-api/src/entry.node.ts`, configured by MEDIAPLANE_* and DATABASE_URL.
const bootLog = createLogger('info');
try {
  const config = parseConfig(configFromEnv(process.env));
  const api = await startControlApi(config, createLogger(config.logLevel));
  const stop = (signal: string) => {
    bootLog.info('shutting down', { signal });
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        bootLog.error('shutdown failed', { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  bootLog.error('control API failed to start', { err: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
