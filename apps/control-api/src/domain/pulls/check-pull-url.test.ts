import { describe, expect, it } from 'vitest';
import { checkPullUrl } from './check-pull-url.ts';

const refused = (url: string) => checkPullUrl(url, { allowPrivate: false });

describe('checkPullUrl', () => {
  it.each([
    'rtmp://example.com/live/cam',
    'rtmps://media.example.com:443/live/cam?key=1',
    'http://example.com/live/cam.flv',
    'https://cdn.example.com/a/b/c.m3u8',
    'rtmp://8.8.8.8/live/x',
    'rtmp://[2001:4860:4860::8888]/live/x',
    'http://93.184.216.34:8080/x.flv',
    'rtmp://user:pass@example.com/live/x',
    'https://172.32.0.1/x',
    'rtmp://100.128.0.1/live',
    'https://[::ffff:8.8.8.8]/x',
  ])('accepts %s', (url) => {
    expect(refused(url)).toMatchObject({ ok: true });
  });

  it.each([
    ['ftp://example.com/x', /scheme 'ftp'/],
    ['file:///etc/passwd', /scheme 'file'/],
    ['javascript:alert(1)', /scheme 'javascript'/],
    ['rtsp://example.com/x', /scheme 'rtsp'/],
    ['gopher://example.com/x', /scheme/],
    ['not a url', /not a valid URL/],
    ['rtmp:///live/x', /no host/],
  ])('refuses %s (scheme/shape)', (url, why) => {
    const r = refused(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it.each([
    ['rtmp://127.0.0.1/live', 'loopback'],
    ['rtmp://127.255.0.9:1935/live', 'loopback'],
    ['http://localhost:8080/x', 'local name'],
    ['rtmp://LOCALHOST/live', 'local name'],
    ['rtmp://media.localhost/live', 'local name'],
    ['rtmp://printer.local/live', 'local name'],
    ['http://metadata.google.internal/x', 'local name'],
    ['rtmp://router.home.arpa/x', 'local name'],
    ['rtmp://postgres/live', 'single-label'],
    ['rtmp://10.0.0.5/live', 'private'],
    ['rtmp://172.16.0.1/live', 'private'],
    ['rtmp://172.31.255.255/live', 'private'],
    ['rtmp://192.168.1.10/live', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['rtmp://100.64.0.1/live', 'CGNAT'],
    ['rtmp://0.0.0.0/live', 'this-network'],
    ['rtmp://224.0.0.1/live', 'multicast'],
    ['rtmp://255.255.255.255/live', 'reserved'],
    // Numeric forms a resolver reads as 127.0.0.1, in a scheme the URL parser does not normalise.
    ['rtmp://2130706433/live', 'loopback'],
    ['rtmp://0x7f.1/live', 'loopback'],
    ['rtmp://0177.0.0.1/live', 'loopback'],
    ['rtmp://127.1/live', 'loopback'],
    ['rtmp://127.0.0.1./live', 'loopback'],
    // The same in http, which the URL parser normalises first.
    ['http://2130706433/x', 'loopback'],
    ['http://0x7f.1/x', 'loopback'],
    ['rtmp://[::1]/live', 'loopback'],
    ['rtmp://[::]/live', 'unspecified'],
    ['rtmp://[fe80::1]/live', 'link-local'],
    ['rtmp://[fd00::1]/live', 'unique local'],
    ['rtmp://[fc00::1]/live', 'unique local'],
    ['rtmp://[ff02::1]/live', 'multicast'],
    ['rtmp://[::ffff:127.0.0.1]/live', 'loopback'],
    ['rtmp://[::ffff:10.1.2.3]/live', 'private'],
    ['https://[::ffff:a9fe:a9fe]/x', 'link-local'],
    ['rtmp://[64:ff9b::192.168.0.1]/live', 'private'],
    ['rtmp://[2002:c0a8:0101::1]/live', 'private'],
    ['rtmp://999.1.1.1/live', 'not a valid IPv4'],
    ['rtmp://%31%32%37.0.0.1/live', 'not a valid host'],
    ['rtmp://exa mple.com/live', 'not a valid'],
  ])('refuses %s (%s)', (url, why) => {
    const r = refused(url);
    expect(r.ok, url).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  it.each([
    'http://a%zz@example.com/x.flv',
    'https://user:%E0%A4%A@example.com/x.flv',
    'rtmp://us%er:pw@example.com/live/x',
  ])('refuses %s: credentials that are not valid percent-encoding, without echoing them', (url) => {
    for (const allowPrivate of [false, true]) {
      const r = checkPullUrl(url, { allowPrivate });
      expect(r).toEqual({ ok: false, reason: 'credentials are not valid percent-encoding' });
    }
  });

  it('accepts percent-encoded credentials that decode', () => {
    expect(refused('http://al%20ice:p%40ss@example.com/x.flv')).toMatchObject({ ok: true });
  });

  it('allows private hosts when configured, but still only the allowed schemes', () => {
    expect(checkPullUrl('rtmp://127.0.0.1:1935/live/x', { allowPrivate: true })).toEqual({
      ok: true,
      url: 'rtmp://127.0.0.1:1935/live/x',
    });
    expect(checkPullUrl('file:///etc/passwd', { allowPrivate: true }).ok).toBe(false);
  });

  it('returns the URL as the parser normalised it', () => {
    expect(refused('HTTP://Example.COM:80/a/../b')).toEqual({ ok: true, url: 'http://example.com/b' });
  });
});
