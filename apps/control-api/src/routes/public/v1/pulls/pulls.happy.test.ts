import { PullInfo, PullList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';
import { findPull } from '../../../../domain/pulls/find-pull.ts';
import { silentLogger } from '../../../../log.ts';

describe('POST|GET|DELETE /v1/pulls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const create = async (body: Record<string, unknown>) => {
    const res = await t.app.request('/v1/pulls', jsonInit('POST', body, t.auth));
    expect(res.status).toBe(201);
    return PullInfo.parse(await res.json());
  };
  const list = async (query = '') => {
    const res = await t.app.request(`/v1/pulls${query}`, { headers: t.auth });
    expect(res.status).toBe(200);
    return PullList.parse(await res.json()).data;
  };

  it('creates, lists (optionally by app) and deletes pull sources', async () => {
    const a = await create({ app: 'relay', stream: 'cam', url: 'rtmp://origin.example.com/live/cam' });
    expect(a).toMatchObject({ app: 'relay', stream: 'cam', url: 'rtmp://origin.example.com/live/cam' });
    expect(a.id).toMatch(/^pull_/);
    const b = await create({ app: 'relay', stream: '*', url: 'https://cdn.example.com/live/x.flv' });
    const c = await create({ app: 'other', stream: 'x', url: 'http://203.0.113.7:8080/x.flv' });
    expect((await list()).map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    expect((await list('?app=relay')).map((p) => p.id)).toEqual([a.id, b.id]);

    const del = await t.app.request(`/v1/pulls/${a.id}`, { method: 'DELETE', headers: t.auth });
    expect(del.status).toBe(204);
    expect((await list()).map((p) => p.id)).toEqual([b.id, c.id]);
    const again = await t.app.request(`/v1/pulls/${a.id}`, { method: 'DELETE', headers: t.auth });
    expect(again.status).toBe(404);
  });

  it('finds the source for a stream: the exact one before the app-wide `*`', async () => {
    const ctx = { db: t.db, log: silentLogger, requestId: 't', now: () => new Date() };
    const wild = await create({ app: 'lookup', stream: '*', url: 'rtmp://a.example.com/live' });
    const exact = await create({ app: 'lookup', stream: 'main', url: 'rtmp://b.example.com/live/main' });
    expect((await findPull({ ctx, app: 'lookup', stream: 'main' }))?.id).toBe(exact.id);
    expect((await findPull({ ctx, app: 'lookup', stream: 'side' }))?.id).toBe(wild.id);
    expect(await findPull({ ctx, app: 'nothing', stream: 'main' })).toBeUndefined();
  });
});

describe('POST /v1/pulls with allowPrivatePullUrls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ deps: { allowPrivatePullUrls: true } });
  });
  afterAll(() => t.cleanup());

  it('accepts a loopback source', async () => {
    const res = await t.app.request(
      '/v1/pulls',
      jsonInit('POST', { app: 'lab', stream: '*', url: 'rtmp://127.0.0.1:1935/live' }, t.auth),
    );
    expect(res.status).toBe(201);
  });
});
