import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRtmp, type RtmpClient } from '../src/pull/rtmp/client.ts';
import { publish, stopAll } from './support/ffmpeg.ts';
import { playHttpFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

// Policies and tokens go through the REST API, as a business app would set them.
describe.skipIf(!hasTool('ffmpeg'))('token policy: publish and play need a minted token', () => {
  let stack: Stack;
  const clients: RtmpClient[] = [];

  beforeAll(async () => {
    stack = await startStack();
    await api('PUT', '/v1/apps/live/policy', { publish: 'token', play: 'token' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await stopAll();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function api(method: string, path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${stack.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  }
  const mint = async (stream: string, action: 'publish' | 'play') =>
    ((await api('POST', '/v1/tokens', { app: 'live', stream, action, ttlSeconds: 300 })) as { token: string })
      .token;
  const rtmpUrl = (name: string, token?: string) =>
    `rtmp://127.0.0.1:${stack.node.rtmpPort}/live/${name}${token === undefined ? '' : `?token=${token}`}`;
  const live = (name: string) => () =>
    stack.node.registry.getLive({ vhost: '__defaultVhost__', app: 'live', stream: name });
  const rtmp = async (url: string) => {
    const client = await connectRtmp(url);
    clients.push(client);
    return client;
  };

  it('ffmpeg without a token is refused (NetStream.Publish.Unauthorized); with one it publishes', async () => {
    const refused = publish(rtmpUrl('test'));
    const code = await refused.exited;
    expect(code).not.toBe(0);
    expect(refused.stderr()).toContain('token required');
    expect(live('test')()).toBeUndefined();

    // The same refusal, read at the protocol level.
    const client = await rtmp(rtmpUrl('test'));
    await expect(client.publish()).rejects.toMatchObject({ code: 'NetStream.Publish.Unauthorized' });
    // A play token does not allow publishing.
    const wrong = await rtmp(rtmpUrl('test', await mint('test', 'play')));
    await expect(wrong.publish()).rejects.toMatchObject({ code: 'NetStream.Publish.Unauthorized' });

    const ffmpeg = publish(rtmpUrl('test', await mint('test', 'publish')), { loop: true });
    await waitFor('the stream to go live', live('test'), 15_000);
    expect(ffmpeg.proc.exitCode).toBeNull();
  });

  it('RTMP play without a token is refused (NetStream.Play.Unauthorized); with one it plays', async () => {
    publish(rtmpUrl('rtmp-play', await mint('rtmp-play', 'publish')), { loop: true });
    await waitFor('the stream to go live', live('rtmp-play'), 15_000);

    const anonymous = await rtmp(rtmpUrl('rtmp-play'));
    await expect(anonymous.play()).rejects.toMatchObject({ code: 'NetStream.Play.Unauthorized' });
    const otherStream = await rtmp(rtmpUrl('rtmp-play', await mint('elsewhere', 'play')));
    await expect(otherStream.play()).rejects.toMatchObject({ code: 'NetStream.Play.Unauthorized' });

    const player = await rtmp(rtmpUrl('rtmp-play', await mint('rtmp-play', 'play')));
    let video = 0;
    player.on('message', (m) => {
      if (m.typeId === 9) video++;
    });
    await player.play();
    await waitFor('video over RTMP', () => video > 10);
  });

  it('HTTP-FLV play is 401 without a token and 200 with one', async () => {
    publish(rtmpUrl('flv', await mint('flv', 'publish')), { loop: true });
    await waitFor('the stream to go live', live('flv'), 15_000);

    const anonymous = playHttpFlv(stack.node.httpPort, '/live/flv.live.flv');
    const forged = playHttpFlv(stack.node.httpPort, '/live/flv.live.flv?token=eyJhbGciOiJub25lIn0.e30.');
    try {
      expect(await waitFor('an HTTP status', () => anonymous.status)).toBe(401);
      expect(await waitFor('an HTTP status', () => forged.status)).toBe(401);
    } finally {
      anonymous.close();
      forged.close();
    }

    const token = await mint('flv', 'play');
    const player = playHttpFlv(stack.node.httpPort, `/live/flv.live.flv?token=${token}`);
    try {
      expect(await waitFor('an HTTP status', () => player.status)).toBe(200);
      await waitFor('video over HTTP-FLV', () => player.tags.filter((t) => t.type === 'video').length > 10);
    } finally {
      player.close();
    }
  });

  it('an app without a policy stays open', async () => {
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/open/cam`, { loop: true });
    await waitFor(
      'the stream to go live',
      () => stack.node.registry.getLive({ vhost: '__defaultVhost__', app: 'open', stream: 'cam' }),
      15_000,
    );
    const player = playHttpFlv(stack.node.httpPort, '/open/cam.live.flv');
    try {
      expect(await waitFor('an HTTP status', () => player.status)).toBe(200);
    } finally {
      player.close();
    }
    expect(ffmpeg.proc.exitCode).toBeNull();
  });
});
