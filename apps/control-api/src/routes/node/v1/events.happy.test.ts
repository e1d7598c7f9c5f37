import { NodeEventResult, StreamList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered, TRACKS, uniqueNodeId, unregistered } from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('POST /node/v1/events', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  async function send(event: unknown): Promise<boolean> {
    const res = await t.app.request('/node/v1/events', postJson(event));
    expect(res.status).toBe(200);
    return NodeEventResult.parse(await res.json()).applied;
  }

  async function rowsOf(nodeId: string) {
    const res = await t.app.request('/v1/streams', { headers: t.auth });
    expect(res.status).toBe(200);
    return StreamList.parse(await res.json()).data.filter((s) => s.nodeId === nodeId);
  }

  it('registers a stream with its tracks and since, then unregisters it', async () => {
    const node = uniqueNodeId();
    expect(await send(registered(node, 'cam', T0))).toBe(true);
    expect(await rowsOf(node)).toEqual([
      {
        vhost: '__defaultVhost__',
        app: 'live',
        stream: 'cam',
        nodeId: node,
        node: { id: node, urls: {} },
        tracks: TRACKS,
        readers: { total: 0, byProtocol: {} },
        bitrateKbps: 0,
        since: new Date(T0).toISOString(),
      },
    ]);
    expect(await send(unregistered(node, 'cam', T0 + 10))).toBe(true);
    expect(await rowsOf(node)).toEqual([]);
  });

  it('is idempotent: replays change nothing', async () => {
    const node = uniqueNodeId();
    const reg = registered(node, 'cam', T0);
    expect(await send(reg)).toBe(true);
    expect(await send(reg)).toBe(true);
    expect(await rowsOf(node)).toHaveLength(1);
    const unreg = unregistered(node, 'cam', T0 + 1);
    expect(await send(unreg)).toBe(true);
    expect(await send(unreg)).toBe(false);
    expect(await rowsOf(node)).toEqual([]);
  });

  it('ignores a late unregister older than the current registration', async () => {
    const node = uniqueNodeId();
    await send(registered(node, 'cam', T0));
    await send(registered(node, 'cam', T0 + 200, [TRACKS[0]!]));
    expect(await send(unregistered(node, 'cam', T0 + 100))).toBe(false);
    const rows = await rowsOf(node);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.since).toBe(new Date(T0 + 200).toISOString());
  });

  it('ignores a late register older than the current one', async () => {
    const node = uniqueNodeId();
    await send(registered(node, 'cam', T0 + 200, [TRACKS[1]!]));
    expect(await send(registered(node, 'cam', T0 + 100, TRACKS))).toBe(false);
    expect((await rowsOf(node))[0]!.tracks).toEqual([TRACKS[1]]);
  });

  it('keeps one row per node holding the same stream', async () => {
    const a = uniqueNodeId('a');
    const b = uniqueNodeId('b');
    await send(registered(a, 'shared', T0));
    await send(registered(b, 'shared', T0));
    await send(unregistered(a, 'shared', T0 + 1));
    expect(await rowsOf(a)).toEqual([]);
    expect(await rowsOf(b)).toHaveLength(1);
  });

  it('rejects an event with an unknown type, naming the field', async () => {
    const res = await t.app.request(
      '/node/v1/events',
      postJson({ ...registered('n', 'c', T0), type: 'stream.exploded' }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("'type'");
  });

  it('rejects a malformed track', async () => {
    const bad = {
      ...registered('n', 'c', T0),
      tracks: [{ kind: 'video', codec: 'h264', width: -1, height: 2 }],
    };
    const res = await t.app.request('/node/v1/events', postJson(bad));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("'tracks.0.width'");
  });
});
