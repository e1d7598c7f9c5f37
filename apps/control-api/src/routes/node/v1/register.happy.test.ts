import { RegisterNodeResult } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, registration, TRACKS, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';
import { nodes, streams } from '../../../db/schema/index.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('POST /node/v1/register', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  async function post(path: string, body: unknown): Promise<unknown> {
    const res = await t.app.request(path, postJson(body));
    expect(res.status).toBe(200);
    return res.json();
  }
  const streamsOf = (nodeId: string) => t.db.select().from(streams).where(eq(streams.nodeId, nodeId));

  it('creates the node row, online, with its version and urls', async () => {
    const id = uniqueNodeId();
    const urls = { rtmp: 'rtmp://127.0.0.1:1935', http: 'http://127.0.0.1:8080' };
    expect(RegisterNodeResult.parse(await post('/node/v1/register', registration(id, { urls })))).toEqual({
      ok: true,
    });
    const [row] = await t.db.select().from(nodes).where(eq(nodes.id, id));
    expect(row).toMatchObject({ id, version: '0.1.0', urls, online: true });
    expect(row!.registeredAt).toBeInstanceOf(Date);
  });

  it('replaces the node’s streams with the reported ones, leaving other nodes alone', async () => {
    const id = uniqueNodeId();
    const other = uniqueNodeId('other');
    await post('/node/v1/events', registered(id, 'old', T0));
    await post('/node/v1/events', registered(other, 'old', T0));
    const reported = { vhost: '__defaultVhost__', app: 'live', stream: 'kept', tracks: TRACKS };
    await post(
      '/node/v1/register',
      registration(id, { streams: [reported], at: new Date(T0 + 5).toISOString() }),
    );
    const rows = await streamsOf(id);
    expect(rows.map((r) => r.stream)).toEqual(['kept']);
    expect(rows[0]!.since.toISOString()).toBe(new Date(T0 + 5).toISOString());
    expect(await streamsOf(other)).toHaveLength(1);
  });

  it('a restarted node reporting nothing clears its streams', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'a', T0));
    await post('/node/v1/events', registered(id, 'b', T0));
    await post(
      '/node/v1/register',
      registration(id, { version: '0.2.0', at: new Date(T0 + 1).toISOString() }),
    );
    expect(await streamsOf(id)).toEqual([]);
    const [row] = await t.db.select().from(nodes).where(eq(nodes.id, id));
    expect(row!.version).toBe('0.2.0');
  });

  it('keeps streams registered after the registration (by the node clock)', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'newer', T0 + 100));
    await post('/node/v1/register', registration(id, { at: new Date(T0).toISOString() }));
    expect((await streamsOf(id)).map((r) => r.stream)).toEqual(['newer']);
  });

  it('without `at` uses the server clock, so it replaces everything before now', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'a', T0));
    await post('/node/v1/register', registration(id));
    expect(await streamsOf(id)).toEqual([]);
  });
});
