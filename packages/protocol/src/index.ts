export * from './errors.ts';
export * from './health.ts';
export * from './node-api/authorize.ts';
export * from './node-api/commands.ts';
export * from './node-api/common.ts';
export * from './node-api/events.ts';
export * from './node-api/heartbeat.ts';
export * from './node-api/lifecycle.ts';
export * from './node-api/register.ts';
export * from './node-api/sessions.ts';
export * from './public-api/apps.ts';
export * from './public-api/nodes.ts';
export * from './public-api/pulls.ts';
export * from './public-api/sessions.ts';
export * from './public-api/streams.ts';
export * from './public-api/tokens.ts';
export * from './public-api/webhooks.ts';
export * from './webhooks/events.ts';
export * from './webhooks/signature.ts';

/** Version of the node API contract; bumped only for additive releases. */
export const NODE_API_VERSION = 'v1';
