// Lean HTTP-FLV player: raw socket, GET, then walks FLV tag headers and skips bodies without copying them.
import { connect, type Socket } from 'node:net';
import { classifyVideo, type PlayerStats } from './player-stats.ts';

const HTTP_HEAD_MAX = 16 * 1024;
const FLV_HEADER_AND_PTS0 = 9 + 4;
const TAG_HEADER = 11;

/** Walks an FLV byte stream (file header, then tags, FLV spec E.2/E.4), reporting video tags to `stats`. */
export class FlvTagWalker {
  readonly #stats: PlayerStats;
  readonly #scratch = Buffer.allocUnsafe(TAG_HEADER + 2);
  #have = 0;
  #need = FLV_HEADER_AND_PTS0;
  #skip = 0;
  #inFileHeader = true;

  constructor(stats: PlayerStats) {
    this.#stats = stats;
  }

  /** Feeds body bytes that arrived at `now`. */
  feed(buf: Buffer, now: number): void {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, len - pos);
        this.#skip -= n;
        pos += n;
        continue;
      }
      const n = Math.min(this.#need - this.#have, len - pos);
      buf.copy(this.#scratch, this.#have, pos, pos + n);
      this.#have += n;
      pos += n;
      if (this.#have < this.#need) return;
      this.#onHeader(now);
    }
  }

  #onHeader(now: number): void {
    const s = this.#scratch;
    if (this.#inFileHeader) {
      if (s[0] !== 0x46 || s[1] !== 0x4c || s[2] !== 0x56) throw new Error('response body is not FLV');
      // DataOffset (bytes 5..8) is 9 in FLV v1; anything longer is skipped.
      this.#skip = s.readUInt32BE(5) - 9;
      this.#inFileHeader = false;
      this.#reset();
      return;
    }
    const type = s[0]! & 0x1f;
    const size = s.readUIntBE(1, 3);
    if (type === 9 && size >= 2 && this.#need === TAG_HEADER) {
      // Read the two bytes that say keyframe or not, then skip the rest.
      this.#need = TAG_HEADER + 2;
      return;
    }
    const ts = (s.readUIntBE(4, 3) | (s[7]! << 24)) >>> 0;
    if (type === 9 && size >= 2) this.#stats.onVideo(now, ts, classifyVideo(s[11]!, s[12]!));
    else if (type === 8) this.#stats.audioFrames++;
    this.#skip = size - (this.#need - TAG_HEADER) + 4;
    this.#reset();
  }

  #reset(): void {
    this.#have = 0;
    this.#need = TAG_HEADER;
  }
}

/** Removes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) in a streaming way, passing data slices on. */
class Dechunker {
  readonly #out: (buf: Buffer) => void;
  #left = 0;
  #size = -1;
  #crlf = 0;
  #digitsDone = false;

  constructor(out: (buf: Buffer) => void) {
    this.#out = out;
  }

  feed(buf: Buffer): void {
    let pos = 0;
    while (pos < buf.length) {
      if (this.#left > 0) {
        const n = Math.min(this.#left, buf.length - pos);
        this.#out(buf.subarray(pos, pos + n));
        this.#left -= n;
        pos += n;
        if (this.#left === 0) this.#crlf = 2;
      } else if (this.#crlf > 0) {
        this.#crlf--;
        pos++;
      } else {
        // Size line: hex digits, optional extensions, CRLF.
        const c = buf[pos++]!;
        if (c === 0x0a) {
          if (this.#size <= 0)
            throw new Error(this.#size === 0 ? 'chunked body ended' : 'bad chunk size line');
          this.#left = this.#size;
          this.#size = -1;
          this.#digitsDone = false;
        } else if (!this.#digitsDone) {
          const d = hexValue(c);
          if (d < 0) this.#digitsDone = true;
          else this.#size = (this.#size < 0 ? 0 : this.#size) * 16 + d;
        }
      }
    }
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Opens one HTTP-FLV player on `url`; `stats` is updated as tags arrive. */
export function startFlvPlayer(url: URL, stats: PlayerStats, onEnd: () => void): Socket {
  const socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
  const walker = new FlvTagWalker(stats);
  let head: Buffer | null = Buffer.alloc(0);
  let body: (buf: Buffer, now: number) => void = (buf, now) => walker.feed(buf, now);
  socket.once('connect', () => {
    stats.connectedAt = performance.now();
    socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: */*\r\n\r\n`);
  });
  socket.on('data', (buf: Buffer) => {
    const now = performance.now();
    stats.bytes += buf.length;
    try {
      if (head) {
        head = Buffer.concat([head, buf]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > HTTP_HEAD_MAX) throw new Error('HTTP response head too large');
          return;
        }
        const text = head.subarray(0, end).toString('latin1');
        const rest = head.subarray(end + 4);
        head = null;
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
        if (!status || status[1] !== '200') throw new Error(`HTTP status: ${text.split('\r\n')[0]}`);
        if (/\r\ntransfer-encoding:\s*chunked/i.test(text)) {
          let at = now;
          const dechunker = new Dechunker((slice) => walker.feed(slice, at));
          body = (b, t) => {
            at = t;
            dechunker.feed(b);
          };
        }
        if (rest.length > 0) body(rest, now);
        return;
      }
      body(buf, now);
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
