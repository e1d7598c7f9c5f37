import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@mediaplane/media-node';
import { describe, expect, it } from 'vitest';
import { StandaloneConfig } from './config.ts';

const EXAMPLE = fileURLToPath(new URL('../../../mediaplane.example.yml', import.meta.url));

describe('mediaplane.example.yml', () => {
  it('loads and documents exactly the defaults', () => {
    const fromExample = loadConfig(StandaloneConfig, { file: EXAMPLE, env: {} });
    expect(fromExample).toEqual(StandaloneConfig.parse({}));
  });

  it('names every key the schema knows', () => {
    const defaults = StandaloneConfig.parse({}) as Record<string, Record<string, unknown>>;
    const example = loadConfig(StandaloneConfig, { file: EXAMPLE, env: {} }) as Record<
      string,
      Record<string, unknown>
    >;
    for (const [section, keys] of Object.entries(defaults)) {
      expect(Object.keys(example[section] ?? {}).sort()).toEqual(Object.keys(keys).sort());
    }
  });
});

describe('retention config', () => {
  it('defaults to a week of webhook events and a month of sessions', () => {
    expect(StandaloneConfig.parse({}).retention).toEqual({ webhookDays: 7, sessionDays: 30 });
  });

  it('reads the same MEDIAPLANE_RETENTION_* variables as a separate control API', () => {
    const config = loadConfig(StandaloneConfig, {
      env: { MEDIAPLANE_RETENTION_WEBHOOK_DAYS: '2', MEDIAPLANE_RETENTION_SESSION_DAYS: '0' },
    });
    expect(config.retention).toEqual({ webhookDays: 2, sessionDays: 0 });
  });

  it('names the key and variable of a bad value', () => {
    const load = () =>
      loadConfig(StandaloneConfig, { env: { MEDIAPLANE_RETENTION_SESSION_DAYS: 'forever' } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/'retention\.sessionDays' \(env MEDIAPLANE_RETENTION_SESSION_DAYS\)/);
  });
});
