import { HeartbeatResult } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, TRACKS, uniqueNodeId } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { beatStream, heartbeat, outboxOf, subscribeToEverything } from '../../../../test/node-reports.ts';
import { nodes, streams } from '../../../db/schema/index.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('POST /node/v1/heartbeat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await subscribeToEverything(t.db);
  });
  afterAll(() => t.cleanup());

  async function post(path: string, body: unknown): Promise<unknown> {
    const res = await t.app.request(path, postJson(body));
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  }
  const streamsOf = (nodeId: string) => t.db.select().from(streams).where(eq(streams.nodeId, nodeId));
  const nodeRow = async (nodeId: string) => (await t.db.select().from(nodes).where(eq(nodes.id, nodeId)))[0];

  it('stores the load and marks the node online and seen', async () => {
    const id = uniqueNodeId();
    const before = Date.now();
    expect(HeartbeatResult.parse(await post('/node/v1/heartbeat', heartbeat(id, T0)))).toEqual({ ok: true });
    const row = await nodeRow(id);
    expect(row).toMatchObject({
      online: true,
      load: { cpuPercent: 12.5, rssBytes: 50_000_000, sessions: 3 },
    });
    expect(row!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('updates readers and bitrate of the streams it lists, keeping since and tracks', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'cam', T0));
    const [fresh] = await streamsOf(id);
    expect(fresh).toMatchObject({ readers: { total: 0, byProtocol: {} }, bitrateKbps: 0 });

    await post('/node/v1/heartbeat', heartbeat(id, T0 + 5000, [beatStream('cam', { tracks: [] })]));
    const [row] = await streamsOf(id);
    expect(row).toMatchObject({
      stream: 'cam',
      readers: { total: 3, byProtocol: { rtmp: 1, 'http-flv': 2 } },
      bitrateKbps: 1500,
      tracks: TRACKS,
    });
    expect(row!.since.getTime()).toBe(T0);
  });

  it('restores a stream the API had dropped, with a stream.published webhook', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/heartbeat', heartbeat(id, T0 + 10, [beatStream('back')]));
    const rows = await streamsOf(id);
    expect(rows.map((r) => [r.stream, r.since.getTime(), r.bitrateKbps])).toEqual([['back', T0 + 10, 1500]]);
    // A second beat is no news.
    await post('/node/v1/heartbeat', heartbeat(id, T0 + 20, [beatStream('back', { bitrateKbps: 900 })]));
    expect((await streamsOf(id))[0]!.bitrateKbps).toBe(900);
    expect((await outboxOf(t.db, id)).map((e) => e.type)).toEqual(['node.online', 'stream.published']);
  });

  it('removes streams the node no longer holds, with stream.unpublished, but not newer ones', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'kept', T0));
    await post('/node/v1/events', registered(id, 'lost', T0));
    await post('/node/v1/events', registered(id, 'newer', T0 + 500));
    await post('/node/v1/heartbeat', heartbeat(id, T0 + 100, [beatStream('kept')]));
    expect((await streamsOf(id)).map((r) => r.stream).sort()).toEqual(['kept', 'newer']);
    const outbox = await outboxOf(t.db, id);
    expect(outbox.filter((e) => e.type === 'stream.unpublished').map((e) => e.data.stream)).toEqual(['lost']);
  });

  it('an empty heartbeat clears the node’s older streams', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/events', registered(id, 'a', T0));
    await post('/node/v1/heartbeat', heartbeat(id, T0 + 1));
    expect(await streamsOf(id)).toEqual([]);
  });

  it('leaves other nodes’ rows alone', async () => {
    const a = uniqueNodeId('a');
    const b = uniqueNodeId('b');
    await post('/node/v1/events', registered(a, 'shared', T0));
    await post('/node/v1/events', registered(b, 'shared', T0));
    await post('/node/v1/heartbeat', heartbeat(a, T0 + 1));
    expect(await streamsOf(a)).toEqual([]);
    expect(await streamsOf(b)).toHaveLength(1);
  });

  it('brings an offline node back online with a node.online webhook', async () => {
    const id = uniqueNodeId();
    await post('/node/v1/heartbeat', heartbeat(id, T0));
    await t.db.update(nodes).set({ online: false }).where(eq(nodes.id, id));
    await post('/node/v1/heartbeat', heartbeat(id, T0 + 5000));
    expect((await nodeRow(id))!.online).toBe(true);
    expect((await outboxOf(t.db, id)).map((e) => e.type)).toEqual(['node.online', 'node.online']);
  });
});
