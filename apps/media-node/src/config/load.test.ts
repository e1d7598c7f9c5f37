import { describe, expect, it } from 'vitest';
import { ConfigError, envName, loadConfig } from './load.ts';
import { MediaNodeConfig } from './schema.ts';

describe('loadConfig', () => {
  it('maps nested camelCase keys to MEDIAPLANE_ names', () => {
    expect(envName(['rtmp', 'port'])).toBe('MEDIAPLANE_RTMP_PORT');
    expect(envName(['control', 'nodeSecret'])).toBe('MEDIAPLANE_CONTROL_NODE_SECRET');
  });

  it('applies defaults, then env overlays including optional keys', () => {
    const cfg = loadConfig(MediaNodeConfig, {
      env: {
        MEDIAPLANE_RTMP_PORT: '19350',
        MEDIAPLANE_CONTROL_NODE_SECRET: 's3',
        MEDIAPLANE_HTTP_CORS: 'false',
      },
    });
    expect(cfg.rtmp.port).toBe(19350);
    expect(cfg.http.port).toBe(8080);
    expect(cfg.http.cors).toBe(false);
    expect(cfg.control.nodeSecret).toBe('s3');
  });

  it('fails fast naming the key and its env variable', () => {
    expect(() => loadConfig(MediaNodeConfig, { env: { MEDIAPLANE_RTMP_PORT: 'abc' } })).toThrow(ConfigError);
    expect(() => loadConfig(MediaNodeConfig, { env: { MEDIAPLANE_RTMP_PORT: '70000' } })).toThrow(
      /'rtmp\.port' \(env MEDIAPLANE_RTMP_PORT\)/,
    );
  });
});
