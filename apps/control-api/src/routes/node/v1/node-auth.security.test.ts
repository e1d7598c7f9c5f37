import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeRequest,
  postJson,
  registered,
  registration,
  uniqueNodeId,
} from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';
import { notFoundReport, noViewersReport } from '../../../../test/node-reports.ts';

const SECRET = 'correct-horse-battery';

// Every node route shares these checks; a new node route goes in this table.
const routes = [
  { path: '/node/v1/authorize', body: () => authorizeRequest() },
  { path: '/node/v1/register', body: () => registration(uniqueNodeId()) },
  { path: '/node/v1/events', body: () => registered(uniqueNodeId(), 'cam', Date.now()) },
  { path: '/node/v1/streams/not-found', body: () => notFoundReport(uniqueNodeId(), 'live', 'cam') },
  { path: '/node/v1/streams/no-viewers', body: () => noViewersReport(uniqueNodeId(), 'live', 'cam') },
];

describe('node API with a node secret', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ nodeSecret: SECRET });
  });
  afterAll(() => t.cleanup());

  describe.each(routes)('$path', ({ path, body }) => {
    it.each([
      ['no header', {}],
      ['a wrong secret', { authorization: 'Bearer correct-horse-battery-staple' }],
      ['a prefix of the secret', { authorization: 'Bearer correct' }],
      ['another scheme', { authorization: `Basic ${SECRET}` }],
    ])('rejects %s with 401', async (_name, headers) => {
      const res = await t.app.request(path, postJson(body(), headers));
      expect(res.status).toBe(401);
      const err = ErrorBody.parse(await res.json());
      expect(err.error.code).toBe('UNAUTHORIZED');
      expect(JSON.stringify(err)).not.toContain(SECRET);
    });

    it('accepts the right secret', async () => {
      const res = await t.app.request(path, postJson(body(), { authorization: `Bearer ${SECRET}` }));
      expect(res.status).toBe(200);
    });
  });

  it('checks the secret before validating the body', async () => {
    const res = await t.app.request('/node/v1/events', postJson({ junk: true }));
    expect(res.status).toBe(401);
  });

  it('leaves public routes alone', async () => {
    expect((await t.app.request('/health')).status).toBe(200);
  });
});

describe('node API without a node secret', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each(routes)('accepts $path without credentials', async ({ path, body }) => {
    expect((await t.app.request(path, postJson(body()))).status).toBe(200);
  });
});
