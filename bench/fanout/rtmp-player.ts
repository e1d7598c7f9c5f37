// Lean RTMP player: handshake + connect/createStream/play, then walks chunk headers and skips media bodies.
// The general pull client assembles every message into a Buffer; the bench only needs headers, and the load
// client shares two cores with the server, so it de-chunks in place (RTMP spec §5.3) and copies only control
// and command messages.
import { connect, type Socket } from 'node:net';
import { type Amf0Value, decodeAmf0, encodeAmf0 } from '../../apps/media-node/src/protocols/amf/amf0.ts';
import { ClientHandshake } from '../../apps/media-node/src/protocols/rtmp/handshake.ts';
import { classifyVideo, type PlayerStats } from './player-stats.ts';

const OUT_CHUNK_SIZE = 4096;
const MAX_CONTROL_MESSAGE = 64 * 1024;
const HEADER_SIZE = [11, 7, 3, 0] as const;
// Message types this reader must read whole (§5.4, §6.2, §7.1); everything else is skipped.
const KEEP = new Set([1, 2, 3, 4, 5, 6, 18, 20]);

interface ChunkStream {
  ts: number;
  delta: number;
  length: number;
  type: number;
  ext: boolean;
  left: number;
  got: number;
  body: Buffer | null;
  b0: number;
  b1: number;
}

/** Encodes one message as a single fmt 0 chunk on `csid` (< 64); payload must fit the chunk size. */
function chunk(csid: number, type: number, streamId: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + payload.length);
  out[0] = csid;
  out.writeUIntBE(0, 1, 3);
  out.writeUIntBE(payload.length, 4, 3);
  out[7] = type;
  out.writeUInt32LE(streamId, 8);
  payload.copy(out, 12);
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** Splits the de-chunked incoming stream into header-only events for the player. */
class ChunkWalker {
  chunkSize = 128;
  readonly #streams = new Map<number, ChunkStream>();
  readonly #s = Buffer.allocUnsafe(18);
  readonly #onMessage: (cs: ChunkStream, now: number) => void;
  #have = 0;
  #need = 1;
  #cur: ChunkStream | null = null;
  #chunkLeft = 0;

  constructor(onMessage: (cs: ChunkStream, now: number) => void) {
    this.#onMessage = onMessage;
  }

  feed(buf: Buffer, now: number): void {
    let pos = 0;
    while (pos < buf.length) {
      const cs = this.#cur;
      if (cs) {
        const n = Math.min(this.#chunkLeft, buf.length - pos);
        if (cs.body) buf.copy(cs.body, cs.got, pos, pos + n);
        else if (cs.got < 2) {
          if (cs.got === 0) cs.b0 = buf[pos]!;
          if (cs.got + n >= 2) cs.b1 = buf[pos + 1 - cs.got]!;
        }
        cs.got += n;
        cs.left -= n;
        this.#chunkLeft -= n;
        pos += n;
        if (this.#chunkLeft === 0) {
          this.#cur = null;
          if (cs.left === 0) this.#onMessage(cs, now);
        }
        continue;
      }
      const n = Math.min(this.#need - this.#have, buf.length - pos);
      buf.copy(this.#s, this.#have, pos, pos + n);
      this.#have += n;
      pos += n;
      if (this.#have === this.#need) this.#header(now);
    }
  }

  #header(now: number): void {
    const s = this.#s;
    const fmt = s[0]! >> 6;
    const low = s[0]! & 0x3f;
    const basic = low === 0 ? 2 : low === 1 ? 3 : 1;
    let need = basic + HEADER_SIZE[fmt as 0 | 1 | 2 | 3];
    if (this.#have < need) {
      this.#need = need;
      return;
    }
    const csid = basic === 1 ? low : basic === 2 ? s[1]! + 64 : s[2]! * 256 + s[1]! + 64;
    let cs = this.#streams.get(csid);
    if (!cs) {
      if (fmt !== 0) throw new Error(`RTMP: fmt ${fmt} on new chunk stream ${csid}`);
      cs = { ts: 0, delta: 0, length: 0, type: 0, ext: false, left: 0, got: 0, body: null, b0: 0, b1: 0 };
      this.#streams.set(csid, cs);
    }
    const ext = fmt === 3 ? cs.ext : s.readUIntBE(basic, 3) === 0xffffff;
    if (ext) need += 4;
    if (this.#have < need) {
      this.#need = need;
      return;
    }
    const field = ext ? s.readUInt32BE(need - 4) : fmt === 3 ? cs.delta : s.readUIntBE(basic, 3);
    const starting = cs.left === 0;
    if (fmt !== 3) {
      if (!starting) throw new Error(`RTMP: fmt ${fmt} header inside an unfinished message`);
      cs.ext = ext;
      cs.delta = field;
      cs.ts = fmt === 0 ? field : (cs.ts + field) >>> 0;
      if (fmt <= 1) {
        cs.length = s.readUIntBE(basic + 3, 3);
        cs.type = s[basic + 6]!;
      }
    } else if (starting) {
      // A fmt 3 chunk that starts a message repeats the previous delta (§5.3.1.2.4).
      cs.ts = (cs.ts + field) >>> 0;
    }
    this.#have = 0;
    this.#need = 1;
    if (starting) {
      cs.left = cs.length;
      cs.got = 0;
      cs.body = null;
      if (KEEP.has(cs.type)) {
        if (cs.length > MAX_CONTROL_MESSAGE)
          throw new Error(`RTMP: type ${cs.type} message of ${cs.length} bytes`);
        cs.body = Buffer.allocUnsafe(cs.length);
      }
      if (cs.length === 0) {
        this.#onMessage(cs, now);
        return;
      }
    }
    this.#cur = cs;
    this.#chunkLeft = Math.min(this.chunkSize, cs.left);
  }
}

/** Opens one RTMP player on `rtmp://host:port/app/name`; `stats` is updated as messages arrive. */
export function startRtmpPlayer(url: URL, stats: PlayerStats, onEnd: () => void): Socket {
  const [, app = '', ...rest] = url.pathname.split('/');
  const name = rest.join('/');
  const tcUrl = `rtmp://${url.host}/${app}`;
  const socket = connect({ host: url.hostname, port: Number(url.port || 1935), noDelay: true });
  const hs = new ClientHandshake({ complex: false });
  let handshaking = true;
  let received = 0;
  let lastAck = 0;
  let ackWindow = 0;
  const walker = new ChunkWalker((cs, now) => {
    const body = cs.body;
    switch (cs.type) {
      case 9:
        if (cs.length >= 2) stats.onVideo(now, cs.ts, classifyVideo(cs.b0, cs.b1));
        return;
      case 8:
        stats.audioFrames++;
        return;
      case 1:
        walker.chunkSize = body!.readUInt32BE(0) & 0x7fffffff;
        return;
      case 5:
        ackWindow = body!.readUInt32BE(0);
        return;
      case 4:
        // Ping request (event 6) must be answered with a ping response (event 7), §7.1.7.
        if (body!.length >= 6 && body!.readUInt16BE(0) === 6) {
          socket.write(chunk(2, 4, 0, Buffer.concat([Buffer.from([0, 7]), body!.subarray(2, 6)])));
        }
        return;
      case 20:
        onCommand(decodeAmf0(body!));
        return;
    }
  });

  function onCommand(values: Amf0Value[]): void {
    const [cmd, txn] = values;
    if (cmd === '_result' && txn === 1) {
      socket.write(chunk(3, 20, 0, encodeAmf0('createStream', 2, null)));
    } else if (cmd === '_result' && txn === 2) {
      const sid = typeof values[3] === 'number' ? values[3] : 1;
      socket.write(chunk(8, 20, sid, encodeAmf0('play', 3, null, name, -2)));
    } else if (cmd === '_error') {
      throw new Error(`RTMP _error for transaction ${String(txn)}`);
    } else if (cmd === 'onStatus') {
      const info = values[3];
      const code =
        info && typeof info === 'object' && !Array.isArray(info) ? (info as { code?: unknown }).code : '';
      if (typeof code === 'string' && /Failed|NotFound|Rejected|BadName/.test(code))
        throw new Error(`RTMP ${code}`);
    }
  }

  socket.once('connect', () => {
    stats.connectedAt = performance.now();
    socket.write(hs.start());
  });
  socket.on('data', (buf: Buffer) => {
    const now = performance.now();
    stats.bytes += buf.length;
    received += buf.length;
    try {
      if (handshaking) {
        const p = hs.feed(buf);
        if (!p.done) return;
        handshaking = false;
        const connectCmd = encodeAmf0('connect', 1, {
          app,
          type: 'nonprivate',
          flashVer: 'FMLE/3.0 (compatible; mediaplane-bench)',
          tcUrl,
          fpad: false,
          capabilities: 15,
          audioCodecs: 0x0fff,
          videoCodecs: 0x00ff,
          videoFunction: 1,
        });
        socket.write(
          Buffer.concat([p.send!, chunk(2, 1, 0, u32(OUT_CHUNK_SIZE)), chunk(3, 20, 0, connectCmd)]),
        );
        if (!p.rest) return;
        buf = p.rest;
      }
      walker.feed(buf, now);
      if (ackWindow > 0 && received - lastAck >= ackWindow) {
        lastAck = received;
        socket.write(chunk(2, 3, 0, u32(received)));
      }
    } catch (err) {
      stats.error = (err as Error).message;
      socket.destroy();
    }
  });
  socket.on('error', (err) => {
    stats.error ??= err.message;
  });
  socket.once('close', () => {
    stats.closed = true;
    onEnd();
  });
  return socket;
}
