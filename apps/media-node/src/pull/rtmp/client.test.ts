import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { ChunkReader } from '../../protocols/rtmp/chunk-reader.ts';
import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import {
  connectResult,
  createStreamResult,
  onStatus,
  StatusCode,
} from '../../protocols/rtmp/command-replies.ts';
import { decodeCommand, parsePlay, parsePublish } from '../../protocols/rtmp/commands.ts';
import {
  parseAcknowledgement,
  parseUserControl,
  parseWindowAckSize,
  pingRequest,
  setPeerBandwidth,
  streamBegin,
  windowAckSize,
} from '../../protocols/rtmp/control-messages.ts';
import { ServerHandshake } from '../../protocols/rtmp/handshake.ts';
import type { RtmpMessage } from '../../protocols/rtmp/message.ts';
import { MessageType } from '../../protocols/rtmp/message.ts';
import type { RtmpClient } from './client.ts';
import { connectRtmp, RtmpStatusError } from './client.ts';

/** What the scripted server saw from the client. */
interface Seen {
  acks: number[];
  pongs: number[];
  windows: number[];
  media: RtmpMessage[];
  chunkSize: number;
}

/** Aggregate (§7.1.6) of FLV-shaped sub-messages, for the client to split. */
function aggregate(subs: { type: number; ts: number; body: Buffer }[]): Buffer {
  return Buffer.concat(
    subs.flatMap(({ type, ts, body }) => {
      const h = Buffer.alloc(11);
      h[0] = type;
      h.writeUIntBE(body.length, 1, 3);
      h.writeUIntBE(ts, 4, 3);
      const back = Buffer.alloc(4);
      back.writeUInt32BE(11 + body.length);
      return [h, body, back];
    }),
  );
}

/** A scripted RTMP server built from our own wire pieces; `garbage` makes it send junk after the handshake. */
async function scriptedServer(garbage = false): Promise<{ server: Server; port: number; seen: Seen }> {
  const seen: Seen = { acks: [], pongs: [], windows: [], media: [], chunkSize: 0 };
  const server = createServer((socket: Socket) => {
    socket.on('error', () => {});
    const hs = new ServerHandshake();
    const send = (m: RtmpMessage) => socket.write(encodeMessage(m, 128));
    const reader: ChunkReader = new ChunkReader({
      onMessage: (msg) => {
        seen.chunkSize = reader.chunkSize;
        if (msg.typeId === MessageType.Acknowledgement) seen.acks.push(parseAcknowledgement(msg.payload));
        if (msg.typeId === MessageType.WindowAckSize) seen.windows.push(parseWindowAckSize(msg.payload));
        if (msg.typeId === MessageType.UserControl) {
          const ev = parseUserControl(msg.payload);
          if (ev.kind === 'ping-response') seen.pongs.push(ev.timestamp);
        }
        if (msg.typeId === MessageType.Audio || msg.typeId === MessageType.Video) {
          seen.media.push({ ...msg, payload: Buffer.from(msg.payload) });
        }
        if (msg.typeId !== MessageType.CommandAmf0) return;
        const cmd = decodeCommand(msg.typeId, msg.payload);
        if (cmd.name === 'connect') {
          send(windowAckSize(100));
          send(setPeerBandwidth(5000, 2));
          send(connectResult(cmd.transactionId, 0));
          send(pingRequest(1234));
        } else if (cmd.name === 'createStream') {
          send(createStreamResult(cmd.transactionId, 1));
        } else if (cmd.name === 'play') {
          const { name } = parsePlay(cmd);
          if (name === 'missing') {
            send(
              onStatus(1, {
                level: 'error',
                code: StatusCode.PlayStreamNotFound,
                description: 'no such stream',
              }),
            );
            return;
          }
          send(streamBegin(1));
          send(onStatus(1, { level: 'status', code: StatusCode.PlayReset, description: '' }));
          send(onStatus(1, { level: 'status', code: StatusCode.PlayStart, description: '' }));
          const body = aggregate([
            { type: 9, ts: 500, body: Buffer.from('1700000000aabb', 'hex') },
            { type: 8, ts: 520, body: Buffer.from('af00', 'hex') },
          ]);
          send({ csid: 6, typeId: MessageType.Aggregate, streamId: 1, timestamp: 1000, payload: body });
          send({
            csid: 6,
            typeId: MessageType.Video,
            streamId: 1,
            timestamp: 1040,
            payload: Buffer.alloc(300, 1),
          });
        } else if (cmd.name === 'publish') {
          const { name } = parsePublish(cmd);
          const ok = name !== 'denied';
          const code = ok ? StatusCode.PublishStart : StatusCode.PublishDenied;
          send(onStatus(1, { level: ok ? 'status' : 'error', code, description: name }));
        }
      },
    });
    let handshaking = true;
    socket.on('data', (data: Buffer) => {
      if (handshaking) {
        const r = hs.feed(data);
        if (r.send) socket.write(r.send);
        if (!r.done) return;
        handshaking = false;
        if (garbage) socket.write(Buffer.from('c7000000', 'hex'));
        if (!r.rest) return;
        data = r.rest;
      }
      reader.feed(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { server, port: (server.address() as AddressInfo).port, seen };
}

async function waitFor(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const servers: Server[] = [];
const clients: RtmpClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.close();
});

async function client(port: number, path: string): Promise<RtmpClient> {
  const c = await connectRtmp(`rtmp://127.0.0.1:${port}/live/${path}`, { timeoutMs: 5000 });
  clients.push(c);
  return c;
}

describe('RTMP client against a scripted server', () => {
  it('rejects play with the onStatus code', async () => {
    const { port } = await scriptedServer();
    const c = await client(port, 'missing');
    const err = await c.play().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtmpStatusError);
    expect((err as RtmpStatusError).code).toBe('NetStream.Play.StreamNotFound');
    expect((err as RtmpStatusError).message).toContain('no such stream');
  });

  it('plays: splits aggregates, answers pings, acknowledges the window, echoes peer bandwidth', async () => {
    const { port, seen } = await scriptedServer();
    const c = await client(port, 'ok');
    const got: RtmpMessage[] = [];
    c.on('message', (m) => got.push(m));
    await c.play();
    await waitFor('three media messages', () => got.length >= 3);
    expect(got.map((m) => [m.typeId, m.timestamp, m.streamId])).toEqual([
      [9, 1000, 1],
      [8, 1020, 1],
      [9, 1040, 1],
    ]);
    expect(got[0]!.payload.toString('hex')).toBe('1700000000aabb');
    await waitFor('ping response and ack', () => seen.pongs.length > 0 && seen.acks.length > 0);
    expect(seen.pongs).toEqual([1234]);
    expect(seen.windows).toEqual([5000]);
    expect(seen.acks[0]).toBeGreaterThanOrEqual(100);
    expect(seen.chunkSize).toBe(4096);
  });

  it('publishes media with extended timestamps, and reports a refused publish', async () => {
    const { port, seen } = await scriptedServer();
    const denied = await client(port, 'denied');
    await expect(denied.publish()).rejects.toMatchObject({ code: 'NetStream.Publish.Denied' });
    const c = await client(port, 'ok');
    await c.publish();
    const payload = Buffer.alloc(10_000, 7);
    c.sendMessage({ typeId: MessageType.Video, timestamp: 0x1000005, payload });
    c.sendMessage({ typeId: MessageType.Audio, timestamp: 0x1000006, payload: Buffer.from('af01', 'hex') });
    await waitFor('media at the server', () => seen.media.length >= 2);
    expect(seen.media.map((m) => [m.typeId, m.timestamp, m.streamId, m.payload.length])).toEqual([
      [9, 0x1000005, 1, 10_000],
      [8, 0x1000006, 1, 2],
    ]);
    expect(seen.media[0]!.payload.equals(payload)).toBe(true);
  });

  it('closes with a ProtocolError when the server breaks the chunk stream', async () => {
    const { port } = await scriptedServer(true);
    const closed = new Promise<Error | null>((resolve) => {
      connectRtmp(`rtmp://127.0.0.1:${port}/live/x`, { timeoutMs: 5000 }).catch((e: unknown) =>
        resolve(e as Error),
      );
    });
    const err = await closed;
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err?.message).toMatch(/without a previous header/);
  });
});
