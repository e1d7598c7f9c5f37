import { randomFillSync } from 'node:crypto';
import { ProtocolError } from '../../core/errors.ts';
import {
  DIGEST_SIZE,
  echoDigest,
  FMS_KEY,
  FMS_KEY_S1,
  FP_KEY,
  FP_KEY_C1,
  findDigest,
  HANDSHAKE_SIZE,
  signEcho,
  signPacket,
} from './handshake-digest.ts';

/** The only RTMP version byte accepted in C0/S0 (§5.2.2); 6 would be RTMPE, which is not spoken here. */
export const RTMP_VERSION = 3;

/** What one feed of handshake bytes produced. */
export interface HandshakeProgress {
  /** Bytes to write to the peer now, or null. */
  readonly send: Buffer | null;
  /** True once this side's handshake is complete. */
  readonly done: boolean;
  /** Bytes that followed the handshake in the fed data (the first chunks), when done. */
  readonly rest: Buffer | null;
}

/** Injectable randomness and clock so tests can be deterministic. */
export interface HandshakeOptions {
  /** Fills the buffer with random bytes (default: crypto.randomFillSync). */
  readonly random?: (buf: Buffer) => void;
  /** Milliseconds written in the time field (default: Date.now). */
  readonly now?: () => number;
}

/** Which handshake flavour the peer used: plain echo (§5.2) or the Flash digest scheme. */
export type HandshakeMode = 'simple' | 'complex';

const WAITING: HandshakeProgress = { send: null, done: false, rest: null };
const FMS_VERSION = 0x04050001;
const FP_VERSION = 0x80000702;

function checkVersion(byte: number | undefined, who: string): void {
  if (byte !== undefined && byte !== RTMP_VERSION) {
    throw new ProtocolError(`RTMP handshake: ${who} version ${byte} is not ${RTMP_VERSION}`);
  }
}

/** Collects exactly `size` bytes across feeds without copying when one feed holds them all. */
class Collector {
  readonly size: number;
  #buf: Buffer | null = null;
  #have = 0;
  constructor(size: number) {
    this.size = size;
  }
  /** Takes bytes from `src` at `pos`; returns [complete packet or null, new pos]. */
  take(src: Buffer, pos: number): [Buffer | null, number] {
    if (this.#have === 0 && src.length - pos >= this.size)
      return [src.subarray(pos, pos + this.size), pos + this.size];
    this.#buf ??= Buffer.allocUnsafe(this.size);
    const n = Math.min(this.size - this.#have, src.length - pos);
    src.copy(this.#buf, this.#have, pos, pos + n);
    this.#have += n;
    return [this.#have === this.size ? this.#buf : null, pos + n];
  }
  get started(): boolean {
    return this.#have > 0;
  }
}

function restOf(src: Buffer, pos: number): Buffer | null {
  return pos < src.length ? src.subarray(pos) : null;
}

/** Server side of the handshake (§5.2): C0+C1 in → S0+S1+S2 out, then C2 in. */
export class ServerHandshake {
  #random: (buf: Buffer) => void;
  #now: () => number;
  #c0c1: Collector | null = new Collector(1 + HANDSHAKE_SIZE);
  #c2Left = HANDSHAKE_SIZE;
  #mode: HandshakeMode | null = null;

  constructor(options: HandshakeOptions = {}) {
    this.#random = options.random ?? randomFillSync;
    this.#now = options.now ?? Date.now;
  }

  /** Flavour chosen from C1 (null until C1 arrived). */
  get mode(): HandshakeMode | null {
    return this.#mode;
  }

  /** Feeds bytes from the client; returns what to send and whether the handshake is over. */
  feed(bytes: Buffer): HandshakeProgress {
    let pos = 0;
    let send: Buffer | null = null;
    if (this.#c0c1) {
      if (!this.#c0c1.started) checkVersion(bytes[0], 'client');
      const [c0c1, next] = this.#c0c1.take(bytes, 0);
      pos = next;
      if (!c0c1) return WAITING;
      this.#c0c1 = null;
      send = this.#respond(c0c1.subarray(1));
    }
    if (this.#c2Left > 0) {
      const n = Math.min(this.#c2Left, bytes.length - pos);
      this.#c2Left -= n;
      pos += n;
      // C2 is not checked: many clients echo S1 loosely, and nothing depends on it.
      if (this.#c2Left > 0) return send ? { send, done: false, rest: null } : WAITING;
    }
    return { send, done: true, rest: restOf(bytes, pos) };
  }

  #respond(c1: Buffer): Buffer {
    const out = Buffer.allocUnsafe(1 + 2 * HANDSHAKE_SIZE);
    out[0] = RTMP_VERSION;
    const s1 = out.subarray(1, 1 + HANDSHAKE_SIZE);
    const s2 = out.subarray(1 + HANDSHAKE_SIZE);
    const now = this.#now() >>> 0;
    this.#random(s1);
    s1.writeUInt32BE(now, 0);
    const client = findDigest(c1, FP_KEY_C1);
    if (client) {
      this.#mode = 'complex';
      s1.writeUInt32BE(FMS_VERSION, 4);
      signPacket(s1, client.scheme, FMS_KEY_S1);
      this.#random(s2);
      signEcho(s2, FMS_KEY, client.digest);
    } else {
      this.#mode = 'simple';
      s1.writeUInt32BE(0, 4);
      // §5.2.4: S2 echoes C1, with time2 = when C1 was read.
      c1.copy(s2);
      s2.writeUInt32BE(now, 4);
    }
    return out;
  }
}

/** Client side of the handshake: `start()` gives C0+C1, feeding S0+S1+S2 yields C2. */
export class ClientHandshake {
  #random: (buf: Buffer) => void;
  #now: () => number;
  #complex: boolean;
  #c1Digest: Buffer | null = null;
  #s012: Collector | null = new Collector(1 + 2 * HANDSHAKE_SIZE);
  #mode: HandshakeMode | null = null;
  #verified = false;

  constructor(options: HandshakeOptions & { readonly complex?: boolean } = {}) {
    this.#random = options.random ?? randomFillSync;
    this.#now = options.now ?? Date.now;
    this.#complex = options.complex ?? true;
  }

  /** Flavour the server answered with (null until S1 arrived). */
  get mode(): HandshakeMode | null {
    return this.#mode;
  }

  /** True when the server answered a digest C1 with a valid digest S1 and an S2 proving it saw our digest. */
  get verified(): boolean {
    return this.#verified;
  }

  /** C0+C1 to send first; a digest C1 unless constructed with `complex: false`. */
  start(): Buffer {
    const out = Buffer.allocUnsafe(1 + HANDSHAKE_SIZE);
    out[0] = RTMP_VERSION;
    const c1 = out.subarray(1);
    this.#random(c1);
    c1.writeUInt32BE(this.#now() >>> 0, 0);
    if (this.#complex) {
      c1.writeUInt32BE(FP_VERSION, 4);
      this.#c1Digest = Buffer.from(signPacket(c1, 0, FP_KEY_C1));
    } else {
      c1.writeUInt32BE(0, 4);
    }
    return out;
  }

  /** Feeds bytes from the server; once S0+S1+S2 are in, returns C2 to send and done. */
  feed(bytes: Buffer): HandshakeProgress {
    if (!this.#s012) return { send: null, done: true, rest: restOf(bytes, 0) };
    if (!this.#s012.started) checkVersion(bytes[0], 'server');
    const [s012, pos] = this.#s012.take(bytes, 0);
    if (!s012) return WAITING;
    this.#s012 = null;
    const s1 = s012.subarray(1, 1 + HANDSHAKE_SIZE);
    const s2 = s012.subarray(1 + HANDSHAKE_SIZE);
    const c2 = Buffer.allocUnsafe(HANDSHAKE_SIZE);
    const server = this.#c1Digest ? findDigest(s1, FMS_KEY_S1) : null;
    if (server && this.#c1Digest) {
      this.#mode = 'complex';
      const tail = s2.subarray(HANDSHAKE_SIZE - DIGEST_SIZE);
      this.#verified = echoDigest(s2, FMS_KEY, this.#c1Digest).equals(tail);
      this.#random(c2);
      signEcho(c2, FP_KEY, server.digest);
    } else {
      this.#mode = 'simple';
      s1.copy(c2);
    }
    this.#c1Digest = null;
    return { send: c2, done: true, rest: restOf(bytes, pos) };
  }
}
