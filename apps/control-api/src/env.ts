import type { ControlApiConfigInput } from './config.ts';

/** Environment variables the control API reads, and the config key each sets (dotted for nested keys). */
export const ENV_KEYS = {
  MEDIAPLANE_API_PORT: 'port',
  MEDIAPLANE_API_HOST: 'host',
  DATABASE_URL: 'databaseUrl',
  MEDIAPLANE_DATA_DIR: 'dataDir',
  MEDIAPLANE_NODE_SECRET: 'nodeSecret',
  MEDIAPLANE_LOG_LEVEL: 'logLevel',
  MEDIAPLANE_NODE_OFFLINE_AFTER_MS: 'nodeOfflineAfterMs',
  MEDIAPLANE_API_KEY: 'apiKey',
  MEDIAPLANE_TOKEN_SECRET: 'tokenSecret',
  MEDIAPLANE_ALLOW_PRIVATE_PULL_URLS: 'allowPrivatePullUrls',
  MEDIAPLANE_ALLOW_PRIVATE_WEBHOOK_URLS: 'allowPrivateWebhookUrls',
  MEDIAPLANE_RETENTION_WEBHOOK_DAYS: 'retention.webhookDays',
  MEDIAPLANE_RETENTION_SESSION_DAYS: 'retention.sessionDays',
} as const;

const NUMERIC_KEYS = new Set<string>([
  'port',
  'nodeOfflineAfterMs',
  'retention.webhookDays',
  'retention.sessionDays',
]);
const BOOLEAN_KEYS = new Set<string>(['allowPrivatePullUrls', 'allowPrivateWebhookUrls']);
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

/**
 * Maps environment variables onto config input; empty values count as unset.
 * The result still goes through `parseConfig`, which names any bad key.
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ControlApiConfigInput {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    // A non-numeric number stays a string so the parse error names the key rather than silently becoming NaN.
    let parsed: unknown = NUMERIC_KEYS.has(key) && /^\d+$/.test(value) ? Number(value) : value;
    if (BOOLEAN_KEYS.has(key)) parsed = BOOLEANS[value.toLowerCase()] ?? value;
    setPath(out, key.split('.'), parsed);
  }
  return out as ControlApiConfigInput;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  target[head] ??= {};
  setPath(target[head] as Record<string, unknown>, rest, value);
}
