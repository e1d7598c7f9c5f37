import { describe, expect, it } from 'vitest';
import { DEFAULT_VHOST, parseStreamPath } from './stream-key.ts';

describe('parseStreamPath', () => {
  it.each([
    ['/live/test', { app: 'live', stream: 'test', vhost: DEFAULT_VHOST, params: {} }],
    ['/live/a/b', { app: 'live', stream: 'a/b', vhost: DEFAULT_VHOST, params: {} }],
    [
      '/live/a?token=x&y=1',
      { app: 'live', stream: 'a', vhost: DEFAULT_VHOST, params: { token: 'x', y: '1' } },
    ],
    ['/live/a?vhost=example.com', { app: 'live', stream: 'a', vhost: 'example.com', params: {} }],
  ])('%s', (path, expected) => {
    expect(parseStreamPath(path)).toEqual(expected);
  });

  it.each(['/live', '/', '/live/../etc', '/live/a b', '/live/%2e%2e'])('refuses %s', (path) => {
    expect(parseStreamPath(path)).toBeUndefined();
  });
});
