import { parseConfig } from './config.ts';
import { configFromEnv } from './env.ts';
import { createLogger } from './log.ts';
import { startControlApi } from './start.node.ts';

// Runnable entry: `node apps/control-api/src/entry.node.ts`, configured by MEDIAPLANE_* and DATABASE_URL.
const bootLog = createLogger('info');
// Last resort: a stray rejection must not take every node's decisions down; a thrown exception may
// have left state half-updated, so the supervisor restarts the process.
process.on('unhandledRejection', (reason) => {
  bootLog.error('unhandled promise rejection (kept running)', { reason: String(reason) });
});
process.on('uncaughtException', (err) => {
  bootLog.error('uncaught exception: exiting', { reason: err.message, stack: err.stack });
  process.exit(1);
});
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
