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
    [[{ publish: 'token' }], '(body)'],
  ])('%o is refused naming %s, and changes nothing', async (patch, field) => {
    const res = await t.app.request('/v1/apps/live/policy', jsonInit('PUT', patch, t.auth));
    expect(res.status).toBe(400);
    expect(ErrorBody.parse(await res.json()).error.message).toContain(
      field === '(body)' ? field : `'${field}'`,
    );
    const now = await (await t.app.request('/v1/apps/live/policy', { headers: t.auth })).json();
    expect(now).toMatchObject({ publish: 'open', play: 'open' });
  });

  it.each(['..', '.', 'a%20b', 'x'.repeat(129)])('refuses the app name %s', async (app) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, { headers: t.auth });
    expect([400, 404]).toContain(res.status);
    expect(ErrorBody.parse(await res.json()).error.code).toMatch(/BAD_REQUEST|NOT_FOUND/);
  });
});
