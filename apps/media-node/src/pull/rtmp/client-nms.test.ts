import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtmpMessage } from '../../protocols/rtmp/message.ts';
import { MessageType } from '../../protocols/rtmp/message.ts';
import type { RtmpClient } from './client.ts';
import { connectRtmp } from './client.ts';

// node-media-server 4.4.3 is the reference server: real ffmpeg publishes into it, our client plays.
interface Nms {
  run(): Promise<void>;
  stop(): Promise<void>;
}
const require = createRequire(import.meta.url);
const NodeMediaServer = require('node-media-server') as new (config: object, configPath: string) => Nms;
const nmsLogger = require('node-media-server/src/core/logger.js') as { level: string };

let nms: Nms;
let port = 0;
let dataDir = '';
const children: ChildProcess[] = [];
const clients: RtmpClient[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port: p } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

async function waitListening(p: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: p }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${p}`);
    await new Promise((r) => setImmediate(r));
  }
}

function publishWithFfmpeg(streamPath: string): ChildProcess {
  const ff = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-t', '30'],
      ...['-f', 'flv', `rtmp://127.0.0.1:${port}/${streamPath}`],
    ],
    { stdio: 'ignore' },
  );
  children.push(ff);
  return ff;
}

const isAvcSequenceHeader = (m: RtmpMessage) =>
  m.typeId === MessageType.Video && (m.payload[0]! & 0x0f) === 7 && m.payload[1] === 0;
const isAvcKeyframe = (m: RtmpMessage) =>
  m.typeId === MessageType.Video && m.payload[0] === 0x17 && m.payload[1] === 1;

/** Collects messages until `done` says so, or fails after the deadline. */
function collectUntil(
  client: RtmpClient,
  done: (seen: RtmpMessage[]) => boolean,
  ms = 15_000,
): Promise<RtmpMessage[]> {
  return new Promise((resolve, reject) => {
    const seen: RtmpMessage[] = [];
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`not done after ${ms} ms; saw ${seen.length} messages`));
    }, ms);
    const onMessage = (m: RtmpMessage) => {
      seen.push({ ...m, payload: Buffer.from(m.payload) });
      if (!done(seen)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(seen);
    };
    client.on('message', onMessage);
    client.once('close', (err) => {
      clearTimeout(timer);
      reject(err ?? new Error('closed'));
    });
  });
}

const seqThenKey = (seen: RtmpMessage[]) => {
  const seq = seen.findIndex(isAvcSequenceHeader);
  return seq >= 0 && seen.slice(seq + 1).some(isAvcKeyframe);
};

beforeAll(async () => {
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'nms-'));
  nms = new NodeMediaServer(
    {
      bind: '127.0.0.1',
      rtmp: { port },
      store: { path: dataDir },
      auth: { play: false, publish: false },
      webadmin: { enable: false },
    },
    join(dataDir, 'config.json'),
  );
  nmsLogger.level = 'error';
  await nms.run();
  await waitListening(port, 10_000);
  // One source for every test; players that join before it starts just wait for it.
  publishWithFfmpeg('live/src');
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const ff of children) ff.kill('SIGKILL');
  await nms?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('RTMP client against node-media-server 4.4.3', () => {
  it('plays an ffmpeg-published stream: AVC sequence header, then a keyframe', async () => {
    const client = await connectRtmp(`rtmp://127.0.0.1:${port}/live/src?token=abc`, { timeoutMs: 10_000 });
    clients.push(client);
    expect(client.target.streamName).toBe('src?token=abc');
    const statuses: string[] = [];
    client.on('status', (s) => statuses.push(s.code));
    // Listen before play: a server may send cached headers ahead of NetStream.Play.Start.
    const collected = collectUntil(client, seqThenKey);
    await client.play();
    expect(statuses).toContain('NetStream.Play.Start');
    const seen = await collected;
    const seq = seen.find(isAvcSequenceHeader)!;
    const key = seen.find(isAvcKeyframe)!;
    expect(key.timestamp).toBeGreaterThanOrEqual(seq.timestamp);
    // AAC sequence header (SoundFormat 10, AACPacketType 0) travels too.
    expect(
      seen.some((m) => m.typeId === MessageType.Audio && m.payload[0]! >> 4 === 10 && m.payload[1] === 0),
    ).toBe(true);
  });

  it('publishes: a relayed copy plays back with sequence header and keyframe', async () => {
    const source = await connectRtmp(`rtmp://127.0.0.1:${port}/live/src`, { timeoutMs: 10_000 });
    const relay = await connectRtmp(`rtmp://127.0.0.1:${port}/live/copy`, { timeoutMs: 10_000 });
    clients.push(source, relay);
    await relay.publish();
    source.on('message', (m) => {
      if (m.typeId === MessageType.Audio || m.typeId === MessageType.Video) {
        relay.sendMessage({ typeId: m.typeId, timestamp: m.timestamp, payload: m.payload });
      }
    });
    await source.play();
    const viewer = await connectRtmp(`rtmp://127.0.0.1:${port}/live/copy`, { timeoutMs: 10_000 });
    clients.push(viewer);
    const collected = collectUntil(viewer, seqThenKey);
    await viewer.play();
    const seen = await collected;
    expect(seen.find(isAvcSequenceHeader)!.payload.length).toBeGreaterThan(10);
  });

  it('reports a refused connection and a server that never answers', async () => {
    const closedPort = await freePort();
    await expect(connectRtmp(`rtmp://127.0.0.1:${closedPort}/live/x`, { timeoutMs: 5000 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    const silent = createServer((s) => s.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = silent.address() as AddressInfo;
    await expect(connectRtmp(`rtmp://127.0.0.1:${silentPort}/live/x`, { timeoutMs: 300 })).rejects.toThrow(
      /timed out/,
    );
    silent.close();
  });
});
