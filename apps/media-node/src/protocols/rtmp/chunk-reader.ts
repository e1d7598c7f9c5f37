import { ProtocolError } from '../../core/errors.ts';
import { parseAbort, parseSetChunkSize } from './control-messages.ts';
import type { RtmpMessage } from './message.ts';
import { MessageType } from './message.ts';

/** Limits and callback for a ChunkReader. */
export interface ChunkReaderOptions {
  /** Called once per complete message, except Set Chunk Size and Abort, which the reader applies. */
  readonly onMessage: (message: RtmpMessage) => void;
  /** Largest Set Chunk Size the peer may announce (default 1<<24). */
  readonly maxChunkSize?: number;
  /** Largest message length accepted (default 8 MiB). */
  readonly maxMessageLength?: number;
  /** Most messages partially received at once, i.e. chunk streams in flight (default 64). */
  readonly maxInFlight?: number;
  /** Most distinct chunk stream ids remembered (default 1024). */
  readonly maxChunkStreams?: number;
  /** Most bytes held in partially received messages together (default 2 × maxMessageLength). */
  readonly maxPendingBytes?: number;
}

/** Default incoming chunk size before any Set Chunk Size (§5.4.1). */
export const DEFAULT_CHUNK_SIZE = 128;

interface StreamState {
  readonly csid: number;
  timestamp: number;
  // Last timestamp field: a delta for fmt 1/2, the absolute time for fmt 0 (§5.3.1.2.4 note).
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  extended: boolean;
  inProgress: boolean;
  received: number;
  payload: Buffer | null;
}

const MESSAGE_HEADER_SIZE = [11, 7, 3, 0] as const;
const STAGE_BASIC = 0;
const STAGE_BASIC_REST = 1;
const STAGE_MESSAGE_HEADER = 2;
const STAGE_EXTENDED = 3;

/** Streaming chunk-stream parser (§5.3): feed any slices of bytes, get whole messages. */
export class ChunkReader {
  /** Total bytes fed so far (for Acknowledgement sequence numbers). */
  bytesReceived = 0;
  /** Acknowledgement window the peer announced (Window Acknowledgement Size); 0 = none. */
  ackWindow = 0;

  readonly #onMessage: (message: RtmpMessage) => void;
  readonly #maxChunkSize: number;
  readonly #maxMessageLength: number;
  readonly #maxInFlight: number;
  readonly #maxChunkStreams: number;
  readonly #maxPendingBytes: number;
  readonly #streams = new Map<number, StreamState>();
  readonly #scratch = Buffer.allocUnsafe(18);
  #chunkSize = DEFAULT_CHUNK_SIZE;
  #lastAck = 0;
  #inFlight = 0;
  #pendingBytes = 0;
  #failed: ProtocolError | null = null;
  // Header parse progress.
  #inPayload = false;
  #stage = STAGE_BASIC;
  #have = 0;
  #need = 1;
  #fmt = 0;
  #basicLen = 1;
  #csid = 0;
  #extended = false;
  // Payload progress of the current chunk.
  #current: StreamState | null = null;
  #chunkLeft = 0;

  constructor(options: ChunkReaderOptions) {
    this.#onMessage = options.onMessage;
    this.#maxChunkSize = options.maxChunkSize ?? 1 << 24;
    this.#maxMessageLength = options.maxMessageLength ?? 8 * 1024 * 1024;
    this.#maxInFlight = options.maxInFlight ?? 64;
    this.#maxChunkStreams = options.maxChunkStreams ?? 1024;
    this.#maxPendingBytes = options.maxPendingBytes ?? 2 * this.#maxMessageLength;
  }

  /** Chunk size currently applied to incoming chunks. */
  get chunkSize(): number {
    return this.#chunkSize;
  }

  /** Bytes held in partially received messages. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Parses `bytes`, calling onMessage per complete message; throws ProtocolError on bad input. */
  feed(bytes: Buffer): void {
    if (this.#failed) throw new ProtocolError(`RTMP chunk stream already failed: ${this.#failed.message}`);
    this.bytesReceived += bytes.length;
    let pos = 0;
    try {
      while (pos < bytes.length) {
        pos = this.#inPayload ? this.#readPayload(bytes, pos) : this.#readHeader(bytes, pos);
      }
    } catch (err) {
      if (err instanceof ProtocolError) this.#failed = err;
      throw err;
    }
  }

  /** When a full ackWindow arrived since the last acknowledgement, returns the sequence number to send. */
  takeAck(): number | null {
    if (this.ackWindow <= 0 || this.bytesReceived - this.#lastAck < this.ackWindow) return null;
    this.#lastAck = this.bytesReceived;
    return this.bytesReceived % 0x1_0000_0000;
  }

  #readHeader(src: Buffer, pos: number): number {
    const s = this.#scratch;
    for (;;) {
      if (this.#have < this.#need) {
        const n = Math.min(this.#need - this.#have, src.length - pos);
        src.copy(s, this.#have, pos, pos + n);
        this.#have += n;
        pos += n;
        if (this.#have < this.#need) return pos;
      }
      if (this.#stage === STAGE_BASIC) {
        // §5.3.1.1: 6-bit csid 0 and 1 flag the 2- and 3-byte forms.
        this.#fmt = s[0]! >> 6;
        const low = s[0]! & 0x3f;
        this.#basicLen = low === 0 ? 2 : low === 1 ? 3 : 1;
        this.#csid = low;
        this.#need = this.#basicLen;
        this.#stage = STAGE_BASIC_REST;
      } else if (this.#stage === STAGE_BASIC_REST) {
        if (this.#basicLen === 2) this.#csid = s[1]! + 64;
        else if (this.#basicLen === 3) this.#csid = s[2]! * 256 + s[1]! + 64;
        this.#need = this.#basicLen + MESSAGE_HEADER_SIZE[this.#fmt as 0 | 1 | 2 | 3];
        this.#stage = STAGE_MESSAGE_HEADER;
      } else if (this.#stage === STAGE_MESSAGE_HEADER) {
        const st = this.#streams.get(this.#csid);
        if (this.#fmt === 3) {
          if (!st)
            throw new ProtocolError(`RTMP chunk stream ${this.#csid}: fmt 3 chunk without a previous header`);
          this.#extended = st.extended;
        } else {
          this.#extended = s.readUIntBE(this.#basicLen, 3) === 0xffffff;
        }
        if (this.#extended) this.#need += 4;
        this.#stage = STAGE_EXTENDED;
      } else {
        this.#applyHeader();
        this.#stage = STAGE_BASIC;
        this.#have = 0;
        this.#need = 1;
        if (this.#inPayload) return pos;
      }
    }
  }

  #applyHeader(): void {
    const s = this.#scratch;
    const fmt = this.#fmt;
    const at = this.#basicLen;
    let st = this.#streams.get(this.#csid);
    if (!st) {
      if (fmt !== 0)
        throw new ProtocolError(`RTMP chunk stream ${this.#csid}: fmt ${fmt} without a previous header`);
      if (this.#streams.size >= this.#maxChunkStreams) {
        throw new ProtocolError(`RTMP: more than ${this.#maxChunkStreams} chunk streams`);
      }
      st = {
        csid: this.#csid,
        timestamp: 0,
        delta: 0,
        length: 0,
        typeId: 0,
        streamId: 0,
        extended: false,
        inProgress: false,
        received: 0,
        payload: null,
      };
      this.#streams.set(this.#csid, st);
    }
    const extField = this.#extended ? s.readUInt32BE(this.#need - 4) : -1;
    if (fmt === 3) {
      if (!st.inProgress) {
        // A fmt 3 chunk starting a message repeats the previous delta (§5.3.1.2.4).
        st.timestamp = (st.timestamp + (extField >= 0 ? extField : st.delta)) >>> 0;
        this.#startMessage(st);
      }
    } else {
      if (st.inProgress) {
        throw new ProtocolError(
          `RTMP chunk stream ${st.csid}: fmt ${fmt} header inside an unfinished message`,
        );
      }
      const field = extField >= 0 ? extField : s.readUIntBE(at, 3);
      st.extended = this.#extended;
      st.delta = field;
      st.timestamp = fmt === 0 ? field : (st.timestamp + field) >>> 0;
      if (fmt <= 1) {
        st.length = s.readUIntBE(at + 3, 3);
        st.typeId = s[at + 6]!;
      }
      if (fmt === 0) st.streamId = s.readUInt32LE(at + 7);
      this.#startMessage(st);
    }
    if (st.inProgress) {
      this.#current = st;
      this.#chunkLeft = Math.min(this.#chunkSize, st.length - st.received);
      this.#inPayload = true;
    }
  }

  #startMessage(st: StreamState): void {
    if (st.length > this.#maxMessageLength) {
      throw new ProtocolError(
        `RTMP message of ${st.length} bytes exceeds the ${this.#maxMessageLength}-byte limit`,
      );
    }
    if (st.length === 0) {
      this.#deliver(st, Buffer.alloc(0));
      return;
    }
    if (this.#inFlight >= this.#maxInFlight) {
      throw new ProtocolError(`RTMP: more than ${this.#maxInFlight} chunk streams in flight`);
    }
    this.#inFlight++;
    st.inProgress = true;
    st.received = 0;
  }

  #readPayload(src: Buffer, pos: number): number {
    const st = this.#current!;
    const available = src.length - pos;
    if (st.payload === null && st.received === 0 && this.#chunkLeft === st.length && available >= st.length) {
      // Whole message in one chunk and one slice: hand out a view, no copy.
      const payload = src.subarray(pos, pos + st.length);
      this.#finish(st);
      this.#deliver(st, payload);
      return pos + st.length;
    }
    if (st.payload === null) {
      if (this.#pendingBytes + st.length > this.#maxPendingBytes) {
        throw new ProtocolError(`RTMP: more than ${this.#maxPendingBytes} bytes in unfinished messages`);
      }
      this.#pendingBytes += st.length;
      st.payload = Buffer.allocUnsafe(st.length);
    }
    const n = Math.min(this.#chunkLeft, available);
    src.copy(st.payload, st.received, pos, pos + n);
    st.received += n;
    this.#chunkLeft -= n;
    if (this.#chunkLeft === 0) {
      this.#inPayload = false;
      if (st.received === st.length) {
        const payload = st.payload;
        this.#pendingBytes -= st.length;
        this.#finish(st);
        this.#deliver(st, payload);
      }
    }
    return pos + n;
  }

  #finish(st: StreamState): void {
    st.inProgress = false;
    st.received = 0;
    st.payload = null;
    this.#inFlight--;
    this.#inPayload = false;
    this.#current = null;
  }

  #deliver(st: StreamState, payload: Buffer): void {
    if (st.typeId === MessageType.SetChunkSize) {
      this.#chunkSize = parseSetChunkSize(payload, this.#maxChunkSize);
      return;
    }
    if (st.typeId === MessageType.Abort) {
      this.#abort(parseAbort(payload));
      return;
    }
    this.#onMessage({
      csid: st.csid,
      typeId: st.typeId,
      streamId: st.streamId,
      timestamp: st.timestamp,
      payload,
    });
  }

  #abort(csid: number): void {
    const st = this.#streams.get(csid);
    if (!st?.inProgress) return;
    if (st.payload) this.#pendingBytes -= st.length;
    st.inProgress = false;
    st.received = 0;
    st.payload = null;
    this.#inFlight--;
  }
}
