import { AuthorizeDecision, CreateTokenResult } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, authorizeRequest, postJson } from '../../../../../test/factories.ts';
import {
  createTestApp,
  memoryLogger,
  startTestControlApi,
  type TestApp,
} from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

describe('token checks', () => {
  let t: TestApp;
  let clock = Date.parse('2026-05-01T00:00:00.000Z');
  const log = memoryLogger();
  beforeAll(async () => {
    t = await createTestApp({ log, deps: { now: () => new Date(clock) } });
    await t.app.request(
      '/v1/apps/vault/policy',
      jsonInit('PUT', { publish: 'token', play: 'token' }, t.auth),
    );
  });
  afterAll(() => t.cleanup());

  const mint = async (ttlSeconds: number, action: 'play' | 'publish' = 'play') => {
    const res = await t.app.request(
      '/v1/tokens',
      jsonInit('POST', { app: 'vault', stream: 'cam', action, ttlSeconds }, t.auth),
    );
    return CreateTokenResult.parse(await res.json()).token;
  };
  const decide = async (token: string, action: 'play' | 'publish' = 'play') => {
    const res = await t.app.request(
      '/node/v1/authorize',
      postJson(authorizeRequest({ app: 'vault', stream: 'cam', action, params: { token } })),
    );
    return AuthorizeDecision.parse(await res.json());
  };

  it('an expired token is refused as expired', async () => {
    const token = await mint(10);
    expect(await decide(token)).toEqual(ALLOWED);
    clock += 10_000;
    expect(await decide(token)).toEqual({ allow: false, reason: 'token expired' });
  });

  it('a token with a forged claim is refused', async () => {
    const token = await mint(60, 'play');
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, action: 'publish' })).toString('base64url');
    expect(await decide(`${h}.${forged}.${s}`, 'publish')).toEqual({ allow: false, reason: 'invalid token' });
  });

  it('never puts a token in a decision, a reply or a log line', async () => {
    const token = await mint(60);
    const bad = `${token}x`;
    const decision = await decide(bad);
    expect(decision.allow).toBe(false);
    expect(JSON.stringify(decision)).not.toContain(token.split('.')[1]!);
    expect(JSON.stringify(log.lines)).not.toContain(token.split('.')[1]!);
  });

  it('minting requires an API key', async () => {
    const res = await t.app.request('/v1/tokens', postJson({ app: 'vault', stream: 'cam', action: 'play' }));
    expect(res.status).toBe(401);
  });
});

describe('tokens across an API restart', () => {
  it('a token minted before a restart is still accepted after it', async () => {
    const api = await startTestControlApi();
    try {
      const auth = { authorization: `Bearer ${api.apiKey}` };
      await fetch(`${api.url}/v1/apps/live/policy`, jsonInit('PUT', { play: 'token' }, auth));
      const res = await fetch(
        `${api.url}/v1/tokens`,
        jsonInit('POST', { app: 'live', stream: 'a', action: 'play' }, auth),
      );
      const { token } = CreateTokenResult.parse(await res.json());
      await api.restart();
      const decision = await fetch(
        `${api.url}/node/v1/authorize`,
        postJson(authorizeRequest({ app: 'live', stream: 'a', action: 'play', params: { token } })),
      );
      expect(AuthorizeDecision.parse(await decision.json())).toEqual(ALLOWED);
    } finally {
      await api.close();
    }
  });
});
