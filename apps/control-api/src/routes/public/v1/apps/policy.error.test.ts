import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

describe('PUT /v1/apps/{app}/policy with bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each([
    [{ play: 'TOKEN' }, 'play'],
    [{ hlsSessionIdleMs: 86_400_001 }, 'hlsSessionIdleMs'],
    [{ noneReaderDelayMs: '20000' }, 'noneReaderDelayMs'],
    [{ publish: null }, 'publish'],
    [{ decisionTimeoutMs: 49 }, 'decisionTimeoutMs'],
    [{ decisionTimeoutMs: 10_001 }, 'decisionTimeoutMs'],
    [{ decisionUrl: 5 }, 'decisionUrl'],
    [{ decisionUrl: `https://example.com/${'x'.repeat(2048)}` }, 'decisionUrl'],
    [{ decisionUrl: 'ftp://example.com/x' }, 'decisionUrl'],
    [{ decisionUrl: 'not a url' }, 'decisionUrl'],
    [{ decisionUrl: 'https://user:pw@example.com/x' }, 'decisionUrl'],
    [{ decisionUrl: 'http://127.0.0.1:9000/decide' }, 'decisionUrl'],
    [{ decisionUrl: 'http://10.0.0.5/decide' }, 'decisionUrl'],
    [{ decisionUrl: 'http://localhost/decide' }, 'decisionUrl'],
    [{ decisionUrl: 'http://169.254.169.254/latest' }, 'decisionUrl'],
    [[{ publish: 'token' }], '(body)'],
  ])('%o is refused naming %s, and changes nothing', async (patch, field) => {
    const res = await t.app.request('/v1/apps/live/policy', jsonInit('PUT', patch, t.auth));
    expect(res.status).toBe(400);
    expect(ErrorBody.parse(await res.json()).error.message).toContain(
      field === '(body)' ? field : `'${field}'`,
    );
    const now = await (await t.app.request('/v1/apps/live/policy', { headers: t.auth })).json();
    expect(now).toMatchObject({ publish: 'open', play: 'open', decisionUrl: null, decisionTimeoutMs: 1000 });
  });

  it('a refused decision URL changes none of the other fields sent with it', async () => {
    const res = await t.app.request(
      '/v1/apps/mixed/policy',
      jsonInit('PUT', { play: 'token', decisionUrl: 'http://192.168.1.1/x' }, t.auth),
    );
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(body.error.message).toBe("invalid request: 'decisionUrl': host is a private address");
    const now = await (await t.app.request('/v1/apps/mixed/policy', { headers: t.auth })).json();
    expect(now).toMatchObject({ play: 'open', decisionUrl: null });
  });

  it('allows private decision URLs when the operator allows private webhook URLs', async () => {
    const lab = await createTestApp({ deps: { allowPrivateWebhookUrls: true } });
    try {
      const res = await lab.app.request(
        '/v1/apps/live/policy',
        jsonInit('PUT', { decisionUrl: 'http://127.0.0.1:9000/decide' }, lab.auth),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ decisionUrl: 'http://127.0.0.1:9000/decide' });
      const ftp = await lab.app.request(
        '/v1/apps/live/policy',
        jsonInit('PUT', { decisionUrl: 'ftp://x/y' }, lab.auth),
      );
      expect(ftp.status).toBe(400);
    } finally {
      await lab.cleanup();
    }
  });

  it.each(['..', '.', 'a%20b', 'x'.repeat(129)])('refuses the app name %s', async (app) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, { headers: t.auth });
    expect([400, 404]).toContain(res.status);
    expect(ErrorBody.parse(await res.json()).error.code).toMatch(/BAD_REQUEST|NOT_FOUND/);
  });
});
