import { fileURLToPath } from 'node:url';
import { loadConfig } from '@mediaplane/media-node';
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
