import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkReader } from './chunk-reader.ts';
import type { ConnectParams } from './commands.ts';
import { decodeCommand, parseConnect } from './commands.ts';
import type { HandshakeMode } from './handshake.ts';
import { ServerHandshake } from './handshake.ts';
import { MessageType } from './message.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

// FFmpeg sends a digest C1 and, as a player, checks the S1 digest and the S2 signature: getting its
// `connect` command proves our complex handshake (keys, offsets, HMAC chain) is right.
describe('server handshake against ffmpeg', () => {
  it('ffmpeg accepts our S0/S1/S2 and sends connect', async () => {
    const result = await new Promise<{ mode: HandshakeMode | null; connect: ConnectParams }>(
      (resolve, reject) => {
        const server = createServer((socket) => {
          const hs = new ServerHandshake();
          const reader = new ChunkReader({
            onMessage: (msg) => {
              if (msg.typeId !== MessageType.CommandAmf0) return;
              const cmd = decodeCommand(msg.typeId, msg.payload);
              if (cmd.name === 'connect') resolve({ mode: hs.mode, connect: parseConnect(cmd) });
            },
          });
          let handshaking = true;
          socket.on('error', () => {});
          socket.on('data', (data) => {
            try {
              if (handshaking) {
                const r = hs.feed(data);
                if (r.send) socket.write(r.send);
                if (!r.done) return;
                handshaking = false;
                if (r.rest) reader.feed(r.rest);
              } else {
                reader.feed(data);
              }
            } catch (err) {
              reject(err);
            }
          });
        });
        cleanups.push(() => server.close());
        server.listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          const ff = spawn(
            'ffmpeg',
            [
              '-hide_banner',
              '-loglevel',
              'error',
              '-rw_timeout',
              '10000000',
              '-i',
              `rtmp://127.0.0.1:${port}/live/x`,
              '-f',
              'null',
              '-',
            ],
            {
              stdio: ['ignore', 'ignore', 'pipe'],
            },
          );
          let stderr = '';
          ff.stderr.on('data', (d: Buffer) => {
            stderr += d.toString();
          });
          ff.on('exit', (code) => reject(new Error(`ffmpeg exited (${code}) before connect: ${stderr}`)));
          cleanups.push(() => ff.kill('SIGKILL'));
        });
      },
    );
    expect(result.mode).toBe('complex');
    expect(result.connect.app).toBe('live');
    expect(result.connect.tcUrl).toMatch(/^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
  });
});
