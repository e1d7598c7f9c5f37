export { ConfigError, envName, loadConfig, loadConfigOrExit } from './config/load.ts';
export { MediaNodeConfig } from './config/schema.ts';
export { createControlClient } from './control/client.ts';
export type { AccessRequest, Policy, StreamEventSink } from './core/policy.ts';
export { createLogger, type Logger, type LogLevel } from './log.ts';
export {
  type MediaNode,
  type MediaNodeDeps,
  type NodeEventSink,
  nodeRegistration,
  startMediaNode,
} from './media-node.ts';
export { type GuardedProcess, installProcessGuards } from './process-guards.ts';
export { closeOnSignals } from './shutdown.ts';
