import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRtmp, type RtmpClient } from '../src/pull/rtmp/client.ts';
import { FIXTURE, ffprobe, publish, stopAll } from './support/ffmpeg.ts';
import { firstVideoFrame, playHttpFlv, playWsFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

const ok = hasTool('ffmpeg') && hasTool('ffprobe');

describe.skipIf(!ok)('foundation: RTMP in, RTMP/HTTP-FLV/WS-FLV out, with ffmpeg', () => {
  let stack: Stack;
  const clients: RtmpClient[] = [];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await stopAll();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const rtmpUrl = (name: string): string => `rtmp://127.0.0.1:${stack.node.rtmpPort}/live/${name}`;
  const live = (name: string) => () =>
    stack.node.registry.getLive({ vhost: '__defaultVhost__', app: 'live', stream: name });

  it('ffprobe reads h264 640x360 and aac 44100 over RTMP and HTTP-FLV', async () => {
    publish(rtmpUrl('probe'), { file: FIXTURE });
    await waitFor('stream to go live', live('probe'));
    const [overRtmp, overFlv] = await Promise.all([
      ffprobe(rtmpUrl('probe')),
      ffprobe(`http://127.0.0.1:${stack.node.httpPort}/live/probe.live.flv`),
    ]);
    for (const streams of [overRtmp, overFlv]) {
      const video = streams.find((s) => s.codec_type === 'video');
      const audio = streams.find((s) => s.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
      expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '44100' });
    }
  });

  it('a WS-FLV player gets metadata, sequence headers and a keyframe first', async () => {
    publish(rtmpUrl('ws'), { loop: true });
    await waitFor('stream to go live', live('ws'));
    const player = playWsFlv(stack.node.httpPort, '/live/ws.live.flv');
    try {
      await waitFor('five tags', () => player.tags.length >= 5);
      const [meta, ...rest] = player.tags;
      expect(meta?.type).toBe('script');
      const configs = rest.slice(0, 2);
      expect(configs.map((t) => t.type).sort()).toEqual(['audio', 'video']);
      expect(configs.every((t) => t.config)).toBe(true);
      const firstMedia = rest.slice(2).find((t) => t.type === 'video');
      expect(firstMedia?.keyframe).toBe(true);
      expect(rest[2]?.type).toBe('video');
    } finally {
      player.ws.close();
    }
  });

  it('players joining mid-stream start on a keyframe (RTMP and HTTP-FLV)', async () => {
    publish(rtmpUrl('mid'), { loop: true });
    const stream = await waitFor('stream to go live', live('mid'));
    // Join well inside a GOP: the fixture has a keyframe every 2 s.
    await waitFor(
      'publisher to be mid-GOP',
      () => stream.bytesIn > 0 && Date.now() - stream.createdAt > 3000,
      10_000,
    );
    const flv = playHttpFlv(stack.node.httpPort, '/live/mid.live.flv');
    const rtmp = await connectRtmp(rtmpUrl('mid'));
    clients.push(rtmp);
    const rtmpVideo: Array<{ keyframe: boolean; config: boolean }> = [];
    rtmp.on('message', (m) => {
      if (m.typeId === 9 && m.payload.length > 1) {
        rtmpVideo.push({ keyframe: m.payload[0]! >> 4 === 1, config: m.payload[1] === 0 });
      }
    });
    await rtmp.play('mid');
    try {
      const first = await waitFor('an HTTP-FLV video frame', () => firstVideoFrame(flv.tags));
      expect(first.keyframe).toBe(true);
      const firstRtmp = await waitFor('an RTMP video frame', () => rtmpVideo.find((v) => !v.config));
      expect(firstRtmp.keyframe).toBe(true);
      // And the stream keeps flowing after the join.
      await waitFor('30 more video frames', () => flv.tags.filter((t) => t.type === 'video').length > 30);
    } finally {
      flv.close();
    }
  });

  it('a second publisher on the same key gets BadName and the first keeps streaming', async () => {
    const first = publish(rtmpUrl('dup'), { loop: true });
    await waitFor('stream to go live', live('dup'));
    const second = await connectRtmp(rtmpUrl('dup'));
    clients.push(second);
    await expect(second.publish('dup')).rejects.toMatchObject({ code: 'NetStream.Publish.BadName' });
    const player = playHttpFlv(stack.node.httpPort, '/live/dup.live.flv');
    try {
      await waitFor(
        'the first publisher to keep flowing',
        () => player.tags.filter((t) => t.type === 'video').length > 25,
      );
      expect(first.proc.exitCode).toBeNull();
    } finally {
      player.close();
    }
  });

  it('unknown streams get 404 over HTTP-FLV and StreamNotFound over RTMP (app without a wait)', async () => {
    // The default app policy holds players 15 s for a missing stream; this app answers at once.
    const res = await fetch(`${stack.api.url}/v1/apps/nowait/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ maxStreamWaitMs: 0 }),
    });
    expect(res.status).toBe(200);
    const player = playHttpFlv(stack.node.httpPort, '/nowait/nobody.live.flv');
    await waitFor('an HTTP status', () => player.status);
    expect(player.status).toBe(404);
    const rtmp = await connectRtmp(`rtmp://127.0.0.1:${stack.node.rtmpPort}/nowait/nobody`);
    clients.push(rtmp);
    await expect(rtmp.play('nobody')).rejects.toMatchObject({ code: 'NetStream.Play.StreamNotFound' });
  });
});
