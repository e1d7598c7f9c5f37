export * from './api-keys.ts';
export * from './app-policies.ts';
export * from './nodes.ts';
export * from './pulls.ts';
export * from './sessions.ts';
export * from './settings.ts';
export * from './streams.ts';
export * from './webhooks.ts';
