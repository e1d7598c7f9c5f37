import { CloseStreamResult, StreamList } from '@mediaplane/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, registration, TRACKS, uniqueNodeId } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { type FakeNode, startFakeNode } from '../../../../../test/public-api.ts';

const NODE_SECRET = 'node-secret-for-commands';

describe('GET|DELETE /v1/streams', () => {
  let t: TestApp;
  let node: FakeNode;
  let nodeId: string;
  beforeAll(async () => {
    t = await createTestApp({ nodeSecret: NODE_SECRET });
    node = await startFakeNode();
    nodeId = uniqueNodeId();
    const urls = { rtmp: 'rtmp://127.0.0.1:1935', http: node.url };
    await nodeApi('/node/v1/register', registration(nodeId, { urls }));
  });
  afterEach(() => {
    node.received.length = 0;
  });
  afterAll(async () => {
    await node.close();
    await t.cleanup();
  });

  async function nodeApi(path: string, body: unknown): Promise<void> {
    const res = await t.app.request(path, postJson(body, { authorization: `Bearer ${NODE_SECRET}` }));
    expect(res.status).toBe(200);
  }
  async function get(path: string): Promise<Response> {
    return t.app.request(path, { headers: t.auth });
  }

  it('lists each stream with its node, tracks, reader counts and bitrate', async () => {
    const at = Date.now();
    await nodeApi('/node/v1/events', registered(nodeId, 'listed', at));
    const res = await get('/v1/streams');
    expect(res.status).toBe(200);
    const entry = StreamList.parse(await res.json()).data.find((s) => s.stream === 'listed');
    expect(entry).toEqual({
      vhost: '__defaultVhost__',
      app: 'live',
      stream: 'listed',
      nodeId,
      node: { id: nodeId, urls: { rtmp: 'rtmp://127.0.0.1:1935', http: node.url } },
      tracks: TRACKS,
      readers: { total: 0, byProtocol: {} },
      bitrateKbps: 0,
      since: new Date(at).toISOString(),
    });
  });

  it('shows the audience and bitrate the node last reported in a heartbeat', async () => {
    const at = Date.now();
    await nodeApi('/node/v1/events', registered(nodeId, 'watched', at));
    await nodeApi('/node/v1/heartbeat', {
      nodeId,
      at: new Date(at + 1).toISOString(),
      load: { cpuPercent: 3, rssBytes: 1, sessions: 4 },
      streams: [
        {
          vhost: '__defaultVhost__',
          app: 'live',
          stream: 'watched',
          readers: { total: 3, byProtocol: { rtmp: 1, 'http-flv': 2 } },
          bitrateKbps: 2500,
          tracks: TRACKS,
        },
      ],
    });
    const { data } = StreamList.parse(await (await get('/v1/streams/live/watched')).json());
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      readers: { total: 3, byProtocol: { rtmp: 1, 'http-flv': 2 } },
      bitrateKbps: 2500,
    });
  });

  it('filters by app and vhost, and gets one stream by a name with slashes', async () => {
    const at = Date.now();
    await nodeApi('/node/v1/events', { ...registered(nodeId, 'event/cam-2', at), app: 'events' });
    const byApp = StreamList.parse(await (await get('/v1/streams?app=events')).json()).data;
    expect(byApp.map((s) => s.stream)).toEqual(['event/cam-2']);
    const one = await get('/v1/streams/events/event/cam-2');
    expect(one.status).toBe(200);
    expect(StreamList.parse(await one.json()).data.map((s) => s.nodeId)).toEqual([nodeId]);
    expect((await get('/v1/streams/events/event/cam-2?vhost=elsewhere')).status).toBe(404);
  });

  it('DELETE asks the node holding it to close it, with the node secret', async () => {
    await nodeApi('/node/v1/events', registered(nodeId, 'closing', Date.now()));
    const res = await t.app.request('/v1/streams/live/closing', { method: 'DELETE', headers: t.auth });
    expect(res.status).toBe(200);
    expect(CloseStreamResult.parse(await res.json())).toEqual({
      closed: [{ vhost: '__defaultVhost__', nodeId }],
    });
    expect(node.received).toHaveLength(1);
    expect(node.received[0]).toMatchObject({
      path: '/_node/v1/streams/close',
      body: { vhost: '__defaultVhost__', app: 'live', stream: 'closing' },
    });
    expect(node.received[0]!.headers.authorization).toBe(`Bearer ${NODE_SECRET}`);
  });

  it('DELETE reaches every node holding the stream', async () => {
    const second = await startFakeNode();
    try {
      const otherId = uniqueNodeId('other');
      await nodeApi('/node/v1/register', registration(otherId, { urls: { http: second.url } }));
      const at = Date.now();
      await nodeApi('/node/v1/events', registered(nodeId, 'twice', at));
      await nodeApi('/node/v1/events', registered(otherId, 'twice', at));
      const res = await t.app.request('/v1/streams/live/twice', { method: 'DELETE', headers: t.auth });
      expect(res.status).toBe(200);
      const { closed } = CloseStreamResult.parse(await res.json());
      expect(closed.map((c) => c.nodeId).sort()).toEqual([nodeId, otherId].sort());
      expect(node.received).toHaveLength(1);
      expect(second.received).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
