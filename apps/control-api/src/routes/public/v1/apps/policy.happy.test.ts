import { AppPolicyResult, DEFAULT_APP_POLICY } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

describe('GET|PUT /v1/apps/{app}/policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const get = async (app: string) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, { headers: t.auth });
    expect(res.status).toBe(200);
    return AppPolicyResult.parse(await res.json());
  };
  const put = async (app: string, patch: unknown) => {
    const res = await t.app.request(`/v1/apps/${app}/policy`, jsonInit('PUT', patch, t.auth));
    expect(res.status).toBe(200);
    return AppPolicyResult.parse(await res.json());
  };

  it('an app nobody configured has the defaults: open, with the documented knobs', async () => {
    expect(await get('fresh')).toEqual({
      app: 'fresh',
      publish: 'open',
      play: 'open',
      maxStreamWaitMs: 15_000,
      noneReaderDelayMs: 20_000,
      noneReaderAction: 'close',
      continuePushMs: 15_000,
      hlsSessionIdleMs: 60_000,
      continueOnCleanStop: false,
      decisionUrl: null,
      decisionTimeoutMs: 1000,
    });
  });

  it('stores a decision URL as the URL parser normalised it, keeps it across other PUTs, and clears it', async () => {
    const set = await put('asks', {
      decisionUrl: 'HTTPS://Decide.Example.COM/hook?k=1',
      decisionTimeoutMs: 250,
    });
    expect(set).toMatchObject({ decisionUrl: 'https://decide.example.com/hook?k=1', decisionTimeoutMs: 250 });
    expect(await put('asks', { play: 'token' })).toMatchObject({
      decisionUrl: 'https://decide.example.com/hook?k=1',
      decisionTimeoutMs: 250,
    });
    expect(await put('asks', { decisionUrl: null })).toMatchObject({
      decisionUrl: null,
      decisionTimeoutMs: 250,
    });
    expect(await get('asks')).toMatchObject({ decisionUrl: null, play: 'token' });
  });

  it('a PUT changes only the given fields and returns the whole policy', async () => {
    const after = await put('merge', { publish: 'token', noneReaderDelayMs: 5000 });
    expect(after).toEqual({ ...DEFAULT_APP_POLICY, app: 'merge', publish: 'token', noneReaderDelayMs: 5000 });
    const again = await put('merge', { play: 'token', noneReaderAction: 'ask', continueOnCleanStop: true });
    expect(again).toEqual({
      ...DEFAULT_APP_POLICY,
      app: 'merge',
      publish: 'token',
      play: 'token',
      noneReaderDelayMs: 5000,
      noneReaderAction: 'ask',
      continueOnCleanStop: true,
    });
    expect(await get('merge')).toEqual(again);
  });

  it('an empty PUT stores the current policy unchanged', async () => {
    expect(await put('empty', {})).toEqual({ ...DEFAULT_APP_POLICY, app: 'empty' });
  });

  it('concurrent PUTs of different fields both land', async () => {
    await Promise.all([put('race', { publish: 'token' }), put('race', { hlsSessionIdleMs: 1234 })]);
    expect(await get('race')).toMatchObject({ publish: 'token', hlsSessionIdleMs: 1234 });
  });

  it('policies are per app', async () => {
    await put('one', { play: 'token' });
    expect((await get('two')).play).toBe('open');
  });

  it('ignores unknown fields and the echoed app name (GET → PUT round trip works)', async () => {
    const current = await put('roundtrip', { continuePushMs: 0 });
    expect(await put('roundtrip', { ...current, app: 'elsewhere', fromTheFuture: 1 })).toEqual(current);
  });
});
