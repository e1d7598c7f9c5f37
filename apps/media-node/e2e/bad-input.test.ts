import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from './support/ffmpeg.ts';
import { playHttpFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { connectCommandBytes, handshakeThen, rawConnect, setChunkSizeBytes } from './support/raw-rtmp.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

const ok = hasTool('ffmpeg');
// fmt 0 on chunk stream 3: timestamp 0, length 4096, type 20 (command), message stream 0.
const FMT0_4K_COMMAND = Buffer.of(0x03, 0, 0, 0, 0x00, 0x10, 0x00, 0x14, 0, 0, 0, 0);

describe.skipIf(!ok)('bad input closes only its own connection', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ rtmp: { handshakeTimeoutMs: 1500 } });
    publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/keep`, { loop: true });
    await waitFor('the concurrent stream', () =>
      stack.node.registry.getLive({ vhost: '__defaultVhost__', app: 'live', stream: 'keep' }),
    );
  });
  afterAll(async () => {
    await stopAll();
    await stack?.close();
  });

  const cases = [
    {
      name: 'random bytes',
      open: (p: number) => rawConnect(p, randomBytes(4096)),
      reason: /protocol error: RTMP handshake/,
    },
    {
      name: 'a truncated handshake',
      open: (p: number) => rawConnect(p, Buffer.concat([Buffer.of(3), randomBytes(700)])),
      reason: /handshake timeout/,
    },
    {
      name: 'an oversized chunk size',
      open: (p: number) => handshakeThen(p, setChunkSizeBytes(0x7fffffff)),
      reason: /protocol error: .*Chunk Size/,
    },
    {
      name: 'a connect whose tcUrl is not a URL',
      open: (p: number) => handshakeThen(p, connectCommandBytes({ app: 'live', tcUrl: 'not a url' })),
      reason: /protocol error: RTMP connect: tcUrl .*not a url.* is not a URL/,
    },
    {
      name: 'a chunk with a header for an unfinished message',
      open: (p: number) =>
        handshakeThen(p, Buffer.concat([FMT0_4K_COMMAND, Buffer.alloc(128), FMT0_4K_COMMAND])),
      reason: /protocol error/,
    },
  ];

  it.each(cases)('$name: logged and closed while the other stream flows', async ({ open, reason }) => {
    const player = playHttpFlv(stack.node.httpPort, '/live/keep.live.flv');
    try {
      await waitFor('the player to receive video', () => player.tags.some((t) => t.type === 'video'));
      const before = stack.logs.length;
      const conn = open(stack.node.rtmpPort);
      await waitFor('the bad connection to be closed', async () => {
        await conn.closed;
        return true;
      });
      await waitFor('the reason to be logged', () => stack.logs.slice(before).some((l) => reason.test(l)));
      const seen = player.tags.length;
      await waitFor('the other stream to keep flowing', () => player.tags.length > seen + 10);
      expect(player.closed).toBe(false);
    } finally {
      player.close();
    }
  });
});
