import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';
import { configFromEnv } from '../src/env.ts';

describe('configFromEnv + parseConfig', () => {
  it('uses defaults for an empty environment', () => {
    expect(parseConfig(configFromEnv({}))).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data/pglite',
      logLevel: 'info',
      nodeOfflineAfterMs: 15_000,
      allowPrivatePullUrls: false,
      allowPrivateWebhookUrls: false,
      retention: { webhookDays: 7, sessionDays: 30 },
    });
  });

  it('maps every variable to its key', () => {
    const config = parseConfig(
      configFromEnv({
        MEDIAPLANE_API_PORT: '9000',
        MEDIAPLANE_API_HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://u:p@db:5432/mp',
        MEDIAPLANE_DATA_DIR: '/var/lib/mp',
        MEDIAPLANE_NODE_SECRET: 'a-long-secret',
        MEDIAPLANE_LOG_LEVEL: 'warn',
        MEDIAPLANE_NODE_OFFLINE_AFTER_MS: '9000',
        MEDIAPLANE_API_KEY: 'an-admin-key-of-some-length',
        MEDIAPLANE_TOKEN_SECRET: 'a-token-secret-that-is-32-chars-long',
        MEDIAPLANE_ALLOW_PRIVATE_PULL_URLS: 'true',
        MEDIAPLANE_ALLOW_PRIVATE_WEBHOOK_URLS: '1',
        MEDIAPLANE_RETENTION_WEBHOOK_DAYS: '3',
        MEDIAPLANE_RETENTION_SESSION_DAYS: '0',
        UNRELATED: 'x',
      }),
    );
    expect(config).toEqual({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/mp',
      dataDir: '/var/lib/mp',
      nodeSecret: 'a-long-secret',
      logLevel: 'warn',
      nodeOfflineAfterMs: 9000,
      apiKey: 'an-admin-key-of-some-length',
      tokenSecret: 'a-token-secret-that-is-32-chars-long',
      allowPrivatePullUrls: true,
      allowPrivateWebhookUrls: true,
      retention: { webhookDays: 3, sessionDays: 0 },
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['FALSE', false],
    ['0', false],
  ])('reads MEDIAPLANE_ALLOW_PRIVATE_PULL_URLS=%s as %s', (value, expected) => {
    expect(
      parseConfig(configFromEnv({ MEDIAPLANE_ALLOW_PRIVATE_PULL_URLS: value })).allowPrivatePullUrls,
    ).toBe(expected);
  });

  it('sets one retention key from the environment and keeps the other default', () => {
    expect(parseConfig(configFromEnv({ MEDIAPLANE_RETENTION_SESSION_DAYS: '90' })).retention).toEqual({
      webhookDays: 7,
      sessionDays: 90,
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig(configFromEnv({ DATABASE_URL: '', MEDIAPLANE_NODE_SECRET: '' }))).not.toHaveProperty(
      'databaseUrl',
    );
  });

  it.each([
    [{ MEDIAPLANE_API_PORT: 'eighty' }, 'port'],
    [{ MEDIAPLANE_API_PORT: '65536' }, 'port'],
    [{ MEDIAPLANE_LOG_LEVEL: 'loud' }, 'logLevel'],
    [{ DATABASE_URL: 'http://db' }, 'databaseUrl'],
    [{ MEDIAPLANE_NODE_OFFLINE_AFTER_MS: 'soon' }, 'nodeOfflineAfterMs'],
    [{ MEDIAPLANE_API_KEY: 'short' }, 'apiKey'],
    [{ MEDIAPLANE_TOKEN_SECRET: 'too-short' }, 'tokenSecret'],
    [{ MEDIAPLANE_ALLOW_PRIVATE_PULL_URLS: 'maybe' }, 'allowPrivatePullUrls'],
    [{ MEDIAPLANE_ALLOW_PRIVATE_WEBHOOK_URLS: 'maybe' }, 'allowPrivateWebhookUrls'],
    [{ MEDIAPLANE_RETENTION_WEBHOOK_DAYS: 'a week' }, 'retention.webhookDays'],
    [{ MEDIAPLANE_RETENTION_WEBHOOK_DAYS: '-1' }, 'retention.webhookDays'],
    [{ MEDIAPLANE_RETENTION_SESSION_DAYS: '1.5' }, 'retention.sessionDays'],
    [{ MEDIAPLANE_RETENTION_SESSION_DAYS: '99999' }, 'retention.sessionDays'],
  ])('names the bad key for %o', (env, key) => {
    expect(() => parseConfig(configFromEnv(env))).toThrow(ConfigError);
    expect(() => parseConfig(configFromEnv(env))).toThrow(`'${key}'`);
  });
});
