import { CloseStreamResult, SessionList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRtmp, type RtmpClient } from '../src/pull/rtmp/client.ts';
import { publish, stopAll } from './support/ffmpeg.ts';
import { playHttpFlv, playWsFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

// The API reaches the node with the node secret; commands without it are refused (unit-tested).
const NODE_SECRET = 'e2e-node-secret-close';

describe.skipIf(!hasTool('ffmpeg'))('closing streams and sessions through the REST API', () => {
  let stack: Stack;
  const rtmpClients: RtmpClient[] = [];
  beforeAll(async () => {
    stack = await startStack({ control: { nodeSecret: NODE_SECRET } });
  });
  afterAll(async () => {
    for (const c of rtmpClients) c.close();
    await stopAll();
    await stack?.close();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.api.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.api.apiKey}`, ...init.headers },
    });
  const openSessions = async (stream: string) => {
    const res = await api(`/v1/sessions?app=live&stream=${stream}`);
    expect(res.status).toBe(200);
    return SessionList.parse(await res.json()).data;
  };
  const videoTags = (tags: readonly { type: string }[]) => tags.filter((t) => t.type === 'video').length;

  it('DELETE /v1/sessions/{id} kicks one player; the publisher and other players go on', async () => {
    publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/kick`, { loop: true });
    await waitFor('the stream row', async () =>
      (await stack.api.listStreams()).some((r) => r.stream === 'kick'),
    );
    const kept = playHttpFlv(stack.node.httpPort, '/live/kick.live.flv');
    const kicked = playWsFlv(stack.node.httpPort, '/live/kick.live.flv');
    const wsClosed = new Promise<void>((resolve) => kicked.ws.addEventListener('close', () => resolve()));
    try {
      const sessions = await waitFor('the publisher and two players as sessions', async () => {
        const list = await openSessions('kick');
        return list.length === 3 && list;
      });
      expect(sessions.map((s) => `${s.role}/${s.protocol}`).sort()).toEqual([
        'player/http-flv',
        'player/ws-flv',
        'publisher/rtmp',
      ]);
      expect(sessions.every((s) => s.nodeId === stack.nodeId)).toBe(true);
      const target = sessions.find((s) => s.protocol === 'ws-flv')!;

      const res = await api(`/v1/sessions/${target.id}`, { method: 'DELETE' });
      expect(res.status).toBe(204);
      await wsClosed;
      await waitFor('the kicked session to end', async () =>
        (await openSessions('kick')).every((s) => s.id !== target.id),
      );
      const before = videoTags(kept.tags);
      await waitFor('the other player to keep receiving video', () => videoTags(kept.tags) > before + 10);
      expect(kept.closed).toBe(false);
    } finally {
      kept.close();
      kicked.ws.close();
    }
  });

  it('DELETE /v1/streams/live/test disconnects the publisher and every player, and the row goes', async () => {
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/test`, { loop: true });
    await waitFor('the stream row', async () =>
      (await stack.api.listStreams()).some((r) => r.stream === 'test'),
    );
    const flv = playHttpFlv(stack.node.httpPort, '/live/test.live.flv');
    const rtmp = await connectRtmp(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/test`);
    rtmpClients.push(rtmp);
    let rtmpVideo = 0;
    rtmp.on('message', (m) => {
      if (m.typeId === 9) rtmpVideo++;
    });
    const rtmpClosed = new Promise<void>((resolve) => rtmp.once('close', () => resolve()));
    await rtmp.play('test');
    await waitFor('both players to receive video', () => videoTags(flv.tags) > 5 && rtmpVideo > 5);
    await waitFor('three open sessions', async () => (await openSessions('test')).length === 3);

    const res = await api('/v1/streams/live/test', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(CloseStreamResult.parse(await res.json()).closed).toEqual([
      { vhost: '__defaultVhost__', nodeId: stack.nodeId },
    ]);

    await waitFor('ffmpeg to exit', () => ffmpeg.proc.exitCode !== null || ffmpeg.proc.signalCode !== null);
    await waitFor('the HTTP-FLV player’s socket to close', () => flv.closed);
    await rtmpClosed;
    await waitFor('the stream row to go', async () =>
      (await stack.api.listStreams()).every((r) => r.stream !== 'test'),
    );
    await waitFor('every session to end', async () => (await openSessions('test')).length === 0);
    expect(stack.node.registry.list().map((s) => s.key.stream)).not.toContain('test');
    expect(stack.node.sessions.list().filter((s) => s.key.stream === 'test')).toEqual([]);

    // Gone: a second close is a 404 with the error shape.
    const again = await api('/v1/streams/live/test', { method: 'DELETE' });
    expect(again.status).toBe(404);
  });
});
