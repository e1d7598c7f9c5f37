import { AuthorizeDecision, CreateTokenResult } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, authorizeRequest, postJson } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

describe('POST /v1/tokens and the token policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const mint = async (body: Record<string, unknown>) => {
    const res = await t.app.request('/v1/tokens', jsonInit('POST', body, t.auth));
    expect(res.status).toBe(201);
    return CreateTokenResult.parse(await res.json());
  };
  const setPolicy = async (app: string, patch: Record<string, unknown>) => {
    expect((await t.app.request(`/v1/apps/${app}/policy`, jsonInit('PUT', patch, t.auth))).status).toBe(200);
  };
  const decide = async (over: Parameters<typeof authorizeRequest>[0]) => {
    const res = await t.app.request('/node/v1/authorize', postJson(authorizeRequest(over)));
    expect(res.status).toBe(200);
    return AuthorizeDecision.parse(await res.json());
  };

  it('mints a JWT with an expiry ttlSeconds from now (an hour by default)', async () => {
    const before = Date.now();
    const short = await mint({ app: 'live', stream: 'cam', action: 'play', ttlSeconds: 30 });
    expect(short.token.split('.')).toHaveLength(3);
    const ms = Date.parse(short.expiresAt) - before;
    expect(ms).toBeGreaterThan(28_000);
    expect(ms).toBeLessThanOrEqual(31_000);
    const long = await mint({ app: 'live', stream: 'cam', action: 'play' });
    expect(Date.parse(long.expiresAt) - before).toBeGreaterThan(3_590_000);
  });

  it('with publish: token, publishing needs a token for that stream; playing stays open', async () => {
    await setPolicy('secured', { publish: 'token' });
    const base = { app: 'secured', stream: 'cam', action: 'publish' as const };
    expect(await decide(base)).toEqual({ allow: false, reason: 'token required' });
    const { token } = await mint({ ...base });
    expect(await decide({ ...base, params: { token } })).toEqual(ALLOWED);
    expect(await decide({ ...base, stream: 'cam2', params: { token } })).toEqual({
      allow: false,
      reason: 'token is for another stream',
    });
    expect(await decide({ ...base, action: 'play' })).toEqual(ALLOWED);
  });

  it('with play: token, a play token plays and a publish token does not', async () => {
    await setPolicy('paid', { play: 'token' });
    const play = await mint({ app: 'paid', stream: 'match', action: 'play' });
    const publish = await mint({ app: 'paid', stream: 'match', action: 'publish' });
    const req = { app: 'paid', stream: 'match', action: 'play' as const, protocol: 'http-flv' as const };
    expect(await decide({ ...req, params: { token: play.token } })).toEqual(ALLOWED);
    expect(await decide({ ...req, params: { token: publish.token } })).toEqual({
      allow: false,
      reason: 'token does not allow play',
    });
    expect(await decide({ ...req, params: {} })).toEqual({ allow: false, reason: 'token required' });
  });

  it('other apps stay open, and setting the app back to open lifts the requirement', async () => {
    await setPolicy('toggle', { publish: 'token', play: 'token' });
    expect((await decide({ app: 'toggle' })).allow).toBe(false);
    expect((await decide({ app: 'untouched' })).allow).toBe(true);
    await setPolicy('toggle', { publish: 'open' });
    expect((await decide({ app: 'toggle' })).allow).toBe(true);
    expect((await decide({ app: 'toggle', action: 'play' })).allow).toBe(false);
  });
});
