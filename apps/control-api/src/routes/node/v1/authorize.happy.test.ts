import { AuthorizeDecision } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, authorizeRequest, postJson, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';
import { jsonInit } from '../../../../test/public-api.ts';

describe('POST /node/v1/authorize (open policy)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each([
    'publish',
    'play',
  ] as const)('allows %s on a fresh install, with the default lifecycle', async (action) => {
    const res = await t.app.request(
      '/node/v1/authorize',
      postJson(
        authorizeRequest({ action, nodeId: uniqueNodeId(), protocol: 'http-flv', params: { token: 'x' } }),
      ),
    );
    expect(res.status).toBe(200);
    expect(AuthorizeDecision.parse(await res.json())).toEqual(ALLOWED);
  });

  it.each([
    'publish',
    'play',
  ] as const)('an allowed %s carries the app’s lifecycle settings', async (action) => {
    const lifecycle = {
      maxStreamWaitMs: 3000,
      noneReaderDelayMs: 7000,
      continuePushMs: 0,
      continueOnCleanStop: true,
    };
    const app = `lc-${action}`;
    const put = await t.app.request(
      `/v1/apps/${app}/policy`,
      jsonInit('PUT', { ...lifecycle, noneReaderAction: 'keep' }, t.auth),
    );
    expect(put.status).toBe(200);
    const res = await t.app.request('/node/v1/authorize', postJson(authorizeRequest({ app, action })));
    expect(AuthorizeDecision.parse(await res.json())).toEqual({ allow: true, lifecycle });
  });

  it('accepts a request without params and ignores unknown fields', async () => {
    const { params: _params, ...withoutParams } = authorizeRequest();
    const res = await t.app.request('/node/v1/authorize', postJson({ ...withoutParams, fromTheFuture: 1 }));
    expect(res.status).toBe(200);
    expect(AuthorizeDecision.parse(await res.json()).allow).toBe(true);
  });
});
