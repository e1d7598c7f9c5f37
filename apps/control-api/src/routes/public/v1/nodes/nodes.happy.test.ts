import { NodeList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registration, uniqueNodeId } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';

describe('GET /v1/nodes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it('lists nodes by id with their urls, version, last contact and load', async () => {
    const [a, b] = [uniqueNodeId('a'), uniqueNodeId('b')];
    const urls = { rtmp: 'rtmp://10.0.0.1:1935', http: 'http://10.0.0.1:8080' };
    await t.app.request('/node/v1/register', postJson(registration(b, { version: '0.2.0' })));
    await t.app.request('/node/v1/register', postJson(registration(a, { urls })));
    const res = await t.app.request('/v1/nodes', { headers: t.auth });
    expect(res.status).toBe(200);
    const { data } = NodeList.parse(await res.json());
    expect(data.map((n) => n.id)).toEqual([a, b]);
    expect(data[0]).toMatchObject({ id: a, online: true, version: '0.1.0', urls });
    expect(data[1]).toMatchObject({ id: b, version: '0.2.0', urls: {} });
    expect(Date.parse(data[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(data[0]!.registeredAt).not.toBeNull();
    expect(data[0]!.load).toMatchObject({ cpuPercent: 0, sessions: 0 });
  });
});
