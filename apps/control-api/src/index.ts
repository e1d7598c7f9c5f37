export { type AppDeps, type AppEnv, buildApp } from './app.ts';
export {
  ConfigError,
  ControlApiConfig,
  type ControlApiConfigInput,
  parseConfig,
  RetentionConfig,
} from './config.ts';
export { MEMORY_DATA_DIR, type OpenDatabase, openDatabase } from './db/client.node.ts';
export type { Database, Schema } from './db/database.ts';
export * from './db/schema/index.ts';
export { configFromEnv, ENV_KEYS } from './env.ts';
export { createLogger, type LogFields, type Logger, type LogLevel, silentLogger } from './log.ts';
export { type ControlApiHandle, type StartOptions, startControlApi } from './start.node.ts';
