import { ErrorBody } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { jsonInit } from '../../../../test/public-api.ts';
import { apiKeys } from '../../../db/schema/index.ts';
import { createApiKey } from '../../../domain/api-keys/create-api-key.ts';
import { silentLogger } from '../../../log.ts';
import { mountedV1Routes } from '../../../openapi/routes.ts';

// Every route the /v1 router mounts, whoever wrote it, so a new route cannot skip authentication.
const routes = mountedV1Routes().map((r) => ({
  ...r,
  url: r.path
    .replace(/\{app\}/g, 'live')
    .replace(/\{stream\}/g, 'cam')
    .replace(/\{[^}]+\}/g, 'some-id'),
}));

// GET and DELETE carry no body; the others get one, which must not be looked at before the key.
function requestInit(method: string, headers: Record<string, string>, body: unknown = {}): RequestInit {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'DELETE' ? { method: upper, headers } : jsonInit(upper, body, headers);
}

describe('every /v1 route requires an API key', () => {
  let t: TestApp;
  let revoked: string;
  beforeAll(async () => {
    t = await createTestApp();
    const ctx = { db: t.db, log: silentLogger, requestId: 'test', now: () => new Date() };
    const created = await createApiKey({ ctx, name: 'revoked' });
    await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, created.id));
    revoked = created.key;
  });
  afterAll(() => t.cleanup());

  it('finds the mounted routes, including every resource', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'get /v1/streams',
      'get /v1/streams/{app}/{stream}',
      'delete /v1/streams/{app}/{stream}',
      'get /v1/apps/{app}/policy',
      'put /v1/apps/{app}/policy',
      'post /v1/tokens',
      'get /v1/nodes',
      'post /v1/pulls',
      'get /v1/pulls',
      'delete /v1/pulls/{id}',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  describe.each(routes)('$method $path', ({ method, url }) => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong key', { authorization: 'Bearer mp_not-a-real-key-at-all-0000000000000000000' }],
      ['an empty bearer', { authorization: 'Bearer ' }],
      ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('refuses %s with 401 and the error shape', async (_name, headers: Record<string, string>) => {
      const res = await t.app.request(url, requestInit(method, headers, { junk: true }));
      expect(res.status).toBe(401);
      const body = ErrorBody.parse(await res.json());
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    });

    it('refuses a revoked key, without echoing it', async () => {
      const res = await t.app.request(url, requestInit(method, { authorization: `Bearer ${revoked}` }));
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(revoked);
    });

    it('lets a valid key through to the route (never 401)', async () => {
      const res = await t.app.request(url, requestInit(method, t.auth));
      expect(res.status).not.toBe(401);
    });
  });

  it('refuses unknown /v1 paths without a key too (401, not 404)', async () => {
    expect((await t.app.request('/v1/does-not-exist')).status).toBe(401);
    expect((await t.app.request('/v1/does-not-exist', { headers: t.auth })).status).toBe(404);
  });
});

describe('invalid input on /v1 gets 400 naming the field', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const cases: Array<{ name: string; method: string; url: string; body?: unknown; field: string }> = [
    {
      name: 'a policy mode',
      method: 'PUT',
      url: '/v1/apps/live/policy',
      body: { publish: 'closed' },
      field: 'publish',
    },
    {
      name: 'a negative duration',
      method: 'PUT',
      url: '/v1/apps/live/policy',
      body: { maxStreamWaitMs: -1 },
      field: 'maxStreamWaitMs',
    },
    {
      name: 'a fractional duration',
      method: 'PUT',
      url: '/v1/apps/live/policy',
      body: { continuePushMs: 1.5 },
      field: 'continuePushMs',
    },
    {
      name: 'a none-reader action',
      method: 'PUT',
      url: '/v1/apps/live/policy',
      body: { noneReaderAction: 'drop' },
      field: 'noneReaderAction',
    },
    {
      name: 'a non-boolean flag',
      method: 'PUT',
      url: '/v1/apps/live/policy',
      body: { continueOnCleanStop: 'yes' },
      field: 'continueOnCleanStop',
    },
    { name: 'an app name in the path', method: 'GET', url: '/v1/apps/bad%20app/policy', field: 'app' },
    {
      name: 'a missing token action',
      method: 'POST',
      url: '/v1/tokens',
      body: { app: 'live', stream: 'cam' },
      field: 'action',
    },
    {
      name: 'a zero ttl',
      method: 'POST',
      url: '/v1/tokens',
      body: { app: 'live', stream: 'cam', action: 'play', ttlSeconds: 0 },
      field: 'ttlSeconds',
    },
    {
      name: 'a token stream name',
      method: 'POST',
      url: '/v1/tokens',
      body: { app: 'live', stream: '../x', action: 'play' },
      field: 'stream',
    },
    {
      name: 'a token app name',
      method: 'POST',
      url: '/v1/tokens',
      body: { app: 'a/b', stream: 'x', action: 'play' },
      field: 'app',
    },
    {
      name: 'a pull URL scheme',
      method: 'POST',
      url: '/v1/pulls',
      body: { app: 'live', stream: '*', url: 'ftp://example.com/x' },
      field: 'url',
    },
    {
      name: 'a private pull host',
      method: 'POST',
      url: '/v1/pulls',
      body: { app: 'live', stream: '*', url: 'rtmp://10.0.0.5/live/x' },
      field: 'url',
    },
    {
      name: 'a missing pull stream',
      method: 'POST',
      url: '/v1/pulls',
      body: { app: 'live', url: 'rtmp://example.com/live/x' },
      field: 'stream',
    },
    { name: 'a pull list filter', method: 'GET', url: '/v1/pulls?app=bad%20app', field: 'app' },
    { name: 'an empty vhost filter', method: 'GET', url: '/v1/streams?vhost=', field: 'vhost' },
    { name: 'a stream name in the path', method: 'GET', url: '/v1/streams/live/bad%20name', field: 'stream' },
    { name: 'a stream name to close', method: 'DELETE', url: '/v1/streams/live/a%3Fb', field: 'stream' },
  ];

  it.each(cases)('$method $url: $name', async ({ method, url, body, field }) => {
    const init: RequestInit =
      body === undefined ? { method, headers: t.auth } : jsonInit(method, body, t.auth);
    const res = await t.app.request(url, init);
    expect(res.status).toBe(400);
    const err = ErrorBody.parse(await res.json());
    expect(err.error.code).toBe('BAD_REQUEST');
    expect(err.error.message).toContain(`'${field}'`);
  });

  it.each([
    'PUT /v1/apps/live/policy',
    'POST /v1/tokens',
    'POST /v1/pulls',
  ])('%s: a body that is not JSON', async (route) => {
    const [method, url] = route.split(' ') as [string, string];
    const res = await t.app.request(url, jsonInit(method, '{nope', t.auth));
    expect(res.status).toBe(400);
    expect(ErrorBody.parse(await res.json()).error.message).toMatch(/not valid JSON/);
  });

  it('refuses an oversized body', async () => {
    const res = await t.app.request('/v1/tokens', jsonInit('POST', { pad: 'x'.repeat(70 * 1024) }, t.auth));
    expect(res.status).toBe(400);
    expect(ErrorBody.parse(await res.json()).error.message).toMatch(/exceeds/);
  });
});
