import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, registration, uniqueNodeId } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { startFakeNode } from '../../../../../test/public-api.ts';

describe('/v1/streams errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  const errorOf = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    return ErrorBody.parse(await res.json()).error;
  };

  it.each(['GET', 'DELETE'])('%s of a stream nobody holds is a 404', async (method) => {
    const err = await errorOf(
      await t.app.request('/v1/streams/live/ghost', { method, headers: t.auth }),
      404,
    );
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: "stream 'live/ghost' not found" });
  });

  it('DELETE is a 503 naming the node when the node cannot be reached', async () => {
    const dead = await startFakeNode();
    const url = dead.url;
    await dead.close();
    const nodeId = uniqueNodeId('dead');
    await t.app.request('/node/v1/register', postJson(registration(nodeId, { urls: { http: url } })));
    await t.app.request('/node/v1/events', postJson(registered(nodeId, 'stuck', Date.now())));
    const err = await errorOf(
      await t.app.request('/v1/streams/live/stuck', { method: 'DELETE', headers: t.auth }),
      503,
    );
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain(nodeId);
  });

  it('DELETE is a 503 when the node refuses the command (e.g. a wrong secret)', async () => {
    const node = await startFakeNode();
    try {
      node.reply = {
        status: 401,
        body: { error: { code: 'UNAUTHORIZED', message: 'bad secret', requestId: 'x' } },
      };
      const nodeId = uniqueNodeId('picky');
      await t.app.request('/node/v1/register', postJson(registration(nodeId, { urls: { http: node.url } })));
      await t.app.request('/node/v1/events', postJson(registered(nodeId, 'guarded', Date.now())));
      const err = await errorOf(
        await t.app.request('/v1/streams/live/guarded', { method: 'DELETE', headers: t.auth }),
        503,
      );
      expect(err.message).toContain('HTTP 401');
    } finally {
      await node.close();
    }
  });
});
