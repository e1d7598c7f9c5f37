import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestControlApi, type TestControlApi } from '@mediaplane/control-api/test/harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlvTagReader } from '../src/protocols/flv/tag-reader.ts';
import { FIXTURE, stopAll } from './support/ffmpeg.ts';
import { describeTag, playHttpFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { hasTool } from './support/tools.ts';

const ok = hasTool('ffmpeg');
const QUEUE_BYTES = 1024 * 1024;
const STALLED_READERS = 4;
const STALL_MS = 30_000;
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** The `min default max` fields of a sysctl such as net.ipv4.tcp_wmem. */
function sysctlTriple(path: string): [number, number, number] {
  const [min, def, max] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
  return [min ?? 0, def ?? 0, max ?? 0];
}

describe.skipIf(!ok)('a reader that stops reading', () => {
  let api: TestControlApi;
  let node: ChildProcess;
  let ffmpeg: ChildProcess;
  const rtmpPort = 20000 + Math.floor(Math.random() * 20000);
  const httpPort = rtmpPort + 1;

  beforeAll(async () => {
    api = await startTestControlApi();
    node = spawn(process.execPath, [MAIN], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        MEDIAPLANE_CONFIG: '/dev/null',
        MEDIAPLANE_RTMP_HOST: '127.0.0.1',
        MEDIAPLANE_RTMP_PORT: String(rtmpPort),
        MEDIAPLANE_HTTP_HOST: '127.0.0.1',
        MEDIAPLANE_HTTP_PORT: String(httpPort),
        MEDIAPLANE_CONTROL_URL: api.url,
        MEDIAPLANE_MEDIA_READER_QUEUE_BYTES: String(QUEUE_BYTES),
        // Longer than the stall: this test is about the bound, not about closing dead peers.
        MEDIAPLANE_MEDIA_READER_STALL_TIMEOUT_MS: String(STALL_MS * 2),
        MEDIAPLANE_MEDIA_MAX_STREAM_WAIT_MS: '15000',
        MEDIAPLANE_LOG_LEVEL: 'warn',
      },
    });
    node.stderr?.on('data', (b: Buffer) => process.stderr.write(b));
    // Eight times real time so a stalled reader would pile up ~25 MB in 30 s without a bound.
    await waitFor(
      'the node to listen',
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(rtmpPort, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
      15_000,
    );
    ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-readrate',
        '8',
        '-stream_loop',
        '-1',
        '-i',
        FIXTURE,
        '-c',
        'copy',
        '-f',
        'flv',
        `rtmp://127.0.0.1:${rtmpPort}/live/slow`,
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(async () => {
    ffmpeg?.kill('SIGKILL');
    node?.kill('SIGKILL');
    await stopAll();
    await api?.close();
  });

  it(
    'holds at most its queue bound, then resumes on a keyframe while others play on',
    { timeout: 120_000 },
    async () => {
      const watcher = playHttpFlv(httpPort, '/live/slow.live.flv');
      await waitFor(
        'video at the healthy reader',
        () => watcher.tags.filter((t) => t.type === 'video').length > 50,
        20_000,
      );
      const stalled = Array.from({ length: STALLED_READERS }, () => {
        const socket = connect(httpPort, '127.0.0.1', () =>
          socket.write('GET /live/slow.live.flv HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        socket.pause();
        return socket;
      });
      // At eight times real time an unbounded queue would hold ~27 MB per stalled reader by now.
      // A measurement window, not a wait for an event.
      await new Promise((r) => setTimeout(r, STALL_MS));
      expect(watcher.closed).toBe(false);

      // Drain one stalled reader: after the gap, its next video frame must be a keyframe.
      const reader = new FlvTagReader();
      const tags: (ReturnType<typeof describeTag> & { offset: number })[] = [];
      let head = true;
      let received = 0;
      stalled[0]!.on('data', (chunk: Buffer) => {
        if (head) {
          const i = chunk.indexOf('\r\n\r\n');
          chunk = chunk.subarray(i + 4);
          head = false;
        }
        received += chunk.length;
        for (const t of reader.push(chunk)) tags.push({ ...describeTag(t), offset: received });
      });
      stalled[0]!.resume();
      const jump = await waitFor(
        'a dropped stretch followed by more video',
        () => {
          const video = tags.filter((t) => t.type === 'video' && !t.config);
          const i = video.findIndex((t, k) => k > 0 && t.timestamp - video[k - 1]!.timestamp > 2000);
          return i > 0 ? video[i] : undefined;
        },
        20_000,
      );
      // What reached the reader before the gap was the node's queue plus the kernel's socket buffers
      // (a paused receiver's window stays at its default; the sender's buffer can grow to its max).
      // Measured by the node's own bound, not by process RSS, which is allocator noise at this scale.
      const kernelBytes =
        sysctlTriple('/proc/sys/net/ipv4/tcp_wmem')[2] + 2 * sysctlTriple('/proc/sys/net/ipv4/tcp_rmem')[1];
      const batchSlack = 1024 * 1024;
      expect(jump.offset).toBeLessThan(QUEUE_BYTES + kernelBytes + batchSlack);
      expect(jump.keyframe).toBe(true);
      for (const s of stalled) s.destroy();
      watcher.close();
    },
  );
});
