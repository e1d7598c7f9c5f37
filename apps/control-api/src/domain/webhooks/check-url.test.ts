import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './check-url.ts';

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/mediaplane', 'https://hooks.example.com/mediaplane'],
    ['http://93.184.216.34:8080/x?y=1', 'http://93.184.216.34:8080/x?y=1'],
    ['HTTPS://Hooks.Example.COM', 'https://hooks.example.com/'],
    ['https://[2606:4700::1111]/hook', 'https://[2606:4700::1111]/hook'],
  ])('accepts %s as %s', (raw, url) => {
    expect(checkWebhookUrl(raw, { allowPrivate: false })).toEqual({ ok: true, url });
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['ftp://example.com/x', /scheme 'ftp'/],
    ['rtmp://example.com/live', /scheme 'rtmp'/],
    ['https://user:pw@example.com/', /credentials/],
    ['http://127.0.0.1:9000/', /loopback/],
    ['http://2130706433/', /loopback/], // 127.0.0.1 as one number
    ['http://0x7f.1/', /loopback/],
    ['http://10.1.2.3/', /private/],
    ['http://172.20.0.1/', /private/],
    ['http://192.168.1.10/', /private/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://100.64.0.1/', /CGNAT/],
    ['http://0.0.0.0/', /this-network/],
    ['http://[::1]/', /loopback/],
    ['http://[::ffff:10.0.0.1]/', /private/],
    ['http://[fe80::1]/', /link-local/],
    ['http://[fd00::1]/', /unique local/],
    ['http://localhost:3000/', /local name/],
    ['http://api.localhost/', /local name/],
    ['http://printer.local/', /local name/],
    ['http://intranet/', /single-label/],
  ])('refuses %s', (raw, reason) => {
    const check = checkWebhookUrl(raw, { allowPrivate: false });
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(reason);
  });

  it('accepts private and loopback hosts when the operator allows them, but never other schemes', () => {
    for (const raw of [
      'http://127.0.0.1:9000/hook',
      'http://localhost/',
      'http://[::1]/',
      'http://10.0.0.5/',
    ]) {
      expect(checkWebhookUrl(raw, { allowPrivate: true }).ok).toBe(true);
    }
    expect(checkWebhookUrl('ftp://127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
    expect(checkWebhookUrl('http://u:p@127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
  });
});
