import { describe, expect, it } from 'vitest';
import { fillPullUrl } from './fill-pull-url.ts';

describe('fillPullUrl', () => {
  const names = { app: 'live', stream: 'cam 1/b' };

  it('fills both placeholders, as typed or as the URL parser stored them', () => {
    expect(fillPullUrl('rtmp://o.example.com/{app}/{stream}', names)).toBe(
      'rtmp://o.example.com/live/cam%201%2Fb',
    );
    const stored = new URL('http://o.example.com/{app}/{stream}.flv?s={stream}').href;
    expect(stored).toContain('%7Bapp%7D');
    expect(fillPullUrl(stored, names)).toBe('http://o.example.com/live/cam%201%2Fb.flv?s=cam%201%2Fb');
    expect(fillPullUrl('http://o.example.com/%7bstream%7d', names)).toBe('http://o.example.com/cam%201%2Fb');
  });

  it('leaves URLs without placeholders, and other braces, alone', () => {
    expect(fillPullUrl('rtmp://o.example.com/live/fixed', names)).toBe('rtmp://o.example.com/live/fixed');
    expect(fillPullUrl('rtmp://o.example.com/{App}/{vhost}', names)).toBe(
      'rtmp://o.example.com/{App}/{vhost}',
    );
  });

  it('a name cannot inject URL structure', () => {
    const filled = fillPullUrl('http://o.example.com/{stream}.flv', {
      app: 'a',
      stream: '../x?y=1#z@evil.com',
    });
    expect(new URL(filled).host).toBe('o.example.com');
    expect(new URL(filled).search).toBe('');
  });
});
