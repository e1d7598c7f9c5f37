import { AuthorizeDecision } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeRequest, postJson, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';

describe('POST /node/v1/authorize (open policy)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each(['publish', 'play'] as const)('allows %s on a fresh install', async (action) => {
    const res = await t.app.request(
      '/node/v1/authorize',
      postJson(
        authorizeRequest({ action, nodeId: uniqueNodeId(), protocol: 'http-flv', params: { token: 'x' } }),
      ),
    );
    expect(res.status).toBe(200);
    expect(AuthorizeDecision.parse(await res.json())).toEqual({ allow: true });
  });

  it('accepts a request without params and ignores unknown fields', async () => {
    const { params: _params, ...withoutParams } = authorizeRequest();
    const res = await t.app.request('/node/v1/authorize', postJson({ ...withoutParams, fromTheFuture: 1 }));
    expect(res.status).toBe(200);
    expect(AuthorizeDecision.parse(await res.json()).allow).toBe(true);
  });
});
