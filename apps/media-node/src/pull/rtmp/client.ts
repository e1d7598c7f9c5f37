import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { connect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Amf0Object } from '../../protocols/amf/amf0.ts';
import { splitAggregate } from '../../protocols/rtmp/aggregate.ts';
import { ChunkReader } from '../../protocols/rtmp/chunk-reader.ts';
import { encodeMessage } from '../../protocols/rtmp/chunk-writer.ts';
import { StatusCode } from '../../protocols/rtmp/command-replies.ts';
import {
  connectCommand,
  createStreamCommand,
  deleteStreamCommand,
  fcPublishCommand,
  playCommand,
  publishCommand,
  releaseStreamCommand,
} from '../../protocols/rtmp/command-requests.ts';
import type { RtmpCommand } from '../../protocols/rtmp/commands.ts';
import { decodeCommand } from '../../protocols/rtmp/commands.ts';
import {
  acknowledgement,
  parseSetPeerBandwidth,
  parseUserControl,
  parseWindowAckSize,
  pingResponse,
  setBufferLength,
  setChunkSize,
  windowAckSize,
} from '../../protocols/rtmp/control-messages.ts';
import { ClientHandshake } from '../../protocols/rtmp/handshake.ts';
import type { RtmpMessage } from '../../protocols/rtmp/message.ts';
import { ChunkStreamId, MessageType } from '../../protocols/rtmp/message.ts';
import {
  type OutgoingRtmpMessage,
  type RtmpClientEvents,
  type RtmpClientOptions,
  RtmpStatusError,
  statusOf,
} from './client-types.ts';
import type { RtmpTarget } from './url.ts';
import { parseRtmpUrl, withoutQuery } from './url.ts';

export {
  type OutgoingRtmpMessage,
  type RtmpClientEvents,
  type RtmpClientOptions,
  type RtmpStatus,
  RtmpStatusError,
} from './client-types.ts';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface StreamWaiter extends Waiter<void> {
  readonly success: string;
}

const DEFAULT_CSID: Readonly<Record<number, number>> = {
  [MessageType.Audio]: ChunkStreamId.Audio,
  [MessageType.Video]: ChunkStreamId.Video,
  [MessageType.DataAmf0]: ChunkStreamId.Data,
  [MessageType.DataAmf3]: ChunkStreamId.Data,
};

/** An RTMP client connection (play or publish), created by connectRtmp. */
export class RtmpClient extends EventEmitter<RtmpClientEvents> {
  /** Where this client connected and the stream name its URL carried. */
  readonly target: RtmpTarget;
  readonly #socket: Socket;
  readonly #timeoutMs: number;
  readonly #reader: ChunkReader;
  #handshake: ClientHandshake | null;
  #outChunkSize: number;
  #nextTransaction = 1;
  #windowSent = 0;
  #streamId = 0;
  #closed = false;
  readonly #transactions = new Map<number, Waiter<RtmpCommand>>();
  readonly #streamWaiters = new Map<number, StreamWaiter>();
  #opened: Waiter<void> | null = null;

  /** Use connectRtmp; the constructor starts the TCP connection and handshake. */
  constructor(target: RtmpTarget, options: RtmpClientOptions = {}) {
    super();
    this.target = target;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#outChunkSize = options.chunkSize ?? 4096;
    this.#handshake = new ClientHandshake({ complex: options.complexHandshake ?? true });
    this.#reader = new ChunkReader({
      onMessage: (m) => this.#onMessage(m),
      ...(options.maxMessageLength ? { maxMessageLength: options.maxMessageLength } : {}),
    });
    const host = options.address ?? target.host;
    // rtmps: TLS first, verified against the URL's host name; the RTMP handshake starts once it is up.
    this.#socket = target.secure
      ? tlsConnect({ host, port: target.port, ...(isIP(target.host) ? {} : { servername: target.host }) })
      : connect({ host, port: target.port });
    this.#socket.setNoDelay(true);
    this.#socket.on(target.secure ? 'secureConnect' : 'connect', () =>
      this.#socket.write(this.#handshake!.start()),
    );
    this.#socket.on('data', (data) => this.#onData(data));
    this.#socket.on('error', (err) => this.#finish(err));
    this.#socket.on('close', () => this.#finish(null));
  }

  /** Message stream id of the current play/publish (0 before one). */
  get streamId(): number {
    return this.#streamId;
  }

  /** True once the connection is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Handshake + Set Chunk Size + connect; resolves on NetConnection.Connect.Success. */
  open(connectFields: Amf0Object = {}): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.#opened = { resolve, reject };
    });
    return this.#deadline(
      done.then(async () => {
        this.#send(setChunkSize(this.#outChunkSize));
        const tx = this.#nextTransaction++;
        const reply = await this.#call(
          tx,
          connectCommand(tx, this.target.app, this.target.tcUrl, connectFields),
        );
        const status = statusOf(reply.args[0] ?? null, 0);
        if (reply.name !== '_result' || status.code !== StatusCode.ConnectSuccess) {
          throw new RtmpStatusError(status.code || reply.name, status.level, status.description);
        }
      }),
      'connect',
    );
  }

  /**
   * createStream + play; resolves on NetStream.Play.Start, rejects with RtmpStatusError on an error
   * status. Listen for 'message' before calling: servers may send cached headers ahead of Play.Start.
   */
  async play(streamName: string = this.target.streamName): Promise<void> {
    await this.#deadline(
      (async () => {
        this.#streamId = await this.#createStream();
        const started = this.#waitStatus(this.#streamId, StatusCode.PlayStart);
        this.#send(playCommand(this.#streamId, streamName));
        this.#send(setBufferLength(this.#streamId, 1000));
        await started;
      })(),
      `play ${withoutQuery(streamName)}`,
    );
  }

  /** releaseStream + FCPublish + createStream + publish; resolves on NetStream.Publish.Start. */
  async publish(streamName: string = this.target.streamName, type = 'live'): Promise<void> {
    await this.#deadline(
      (async () => {
        // FMLE-style preamble; replies (or their absence) do not matter.
        this.#send(releaseStreamCommand(this.#nextTransaction++, streamName));
        this.#send(fcPublishCommand(this.#nextTransaction++, streamName));
        this.#streamId = await this.#createStream();
        const started = this.#waitStatus(this.#streamId, StatusCode.PublishStart);
        this.#send(publishCommand(this.#streamId, streamName, type));
        await started;
      })(),
      `publish ${withoutQuery(streamName)}`,
    );
  }

  /** Sends a message (e.g. audio/video/data while publishing); false when the socket buffer is full. */
  sendMessage(msg: OutgoingRtmpMessage): boolean {
    return this.#send({
      csid: msg.csid ?? DEFAULT_CSID[msg.typeId] ?? ChunkStreamId.Command,
      typeId: msg.typeId,
      streamId: msg.streamId ?? this.#streamId,
      timestamp: msg.timestamp,
      payload: msg.payload,
    });
  }

  /** Resolves when the socket's write buffer has drained (immediately if it is not full). */
  drained(): Promise<void> {
    if (!this.#socket.writableNeedDrain || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.off('close', done);
        resolve();
      };
      this.#socket.once('drain', done);
      this.once('close', done);
    });
  }

  /** Deletes the stream (if any) and closes the connection gracefully. */
  close(): void {
    if (this.#closed) return;
    if (this.#streamId && !this.#handshake) this.#send(deleteStreamCommand(this.#streamId));
    this.#socket.end(() => this.#socket.destroy());
  }

  /** Drops the connection at once, without deleteStream; 'close' follows with no error. */
  destroy(): void {
    this.#socket.destroy();
  }

  #send(msg: RtmpMessage): boolean {
    if (this.#closed || this.#socket.destroyed) return false;
    return this.#socket.write(encodeMessage(msg, this.#outChunkSize));
  }

  #call(transactionId: number, msg: RtmpMessage): Promise<RtmpCommand> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('RTMP connection closed'));
      this.#transactions.set(transactionId, { resolve, reject });
      this.#send(msg);
    });
  }

  async #createStream(): Promise<number> {
    const tx = this.#nextTransaction++;
    const reply = await this.#call(tx, createStreamCommand(tx));
    const id = reply.args[0];
    if (reply.name !== '_result' || typeof id !== 'number') {
      const status = statusOf(reply.args[0] ?? null, 0);
      throw new RtmpStatusError(status.code || 'createStream failed', status.level, status.description);
    }
    return id;
  }

  #waitStatus(streamId: number, success: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('RTMP connection closed'));
      this.#streamWaiters.set(streamId, { resolve, reject, success });
    });
  }

  #deadline<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`RTMP ${what} timed out after ${this.#timeoutMs} ms`);
        reject(err);
        this.#socket.destroy(err);
      }, this.#timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  #onData(data: Buffer): void {
    try {
      if (this.#handshake) {
        const r = this.#handshake.feed(data);
        if (r.send) this.#socket.write(r.send);
        if (!r.done) return;
        this.#handshake = null;
        this.#opened?.resolve();
        if (!r.rest) return;
        data = r.rest;
      }
      this.#reader.feed(data);
      const ack = this.#reader.takeAck();
      if (ack !== null) this.#send(acknowledgement(ack));
    } catch (err) {
      this.#socket.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #onMessage(msg: RtmpMessage): void {
    switch (msg.typeId) {
      case MessageType.Audio:
      case MessageType.Video:
      case MessageType.DataAmf0:
      case MessageType.DataAmf3:
        this.emit('message', msg);
        return;
      case MessageType.Aggregate:
        for (const sub of splitAggregate(msg)) this.emit('message', sub);
        return;
      case MessageType.CommandAmf0:
      case MessageType.CommandAmf3:
        this.#onCommand(decodeCommand(msg.typeId, msg.payload), msg.streamId);
        return;
      case MessageType.WindowAckSize:
        this.#reader.ackWindow = parseWindowAckSize(msg.payload);
        return;
      case MessageType.SetPeerBandwidth: {
        // §5.4.5: answer with Window Acknowledgement Size when the window changes.
        const { size } = parseSetPeerBandwidth(msg.payload);
        if (size !== this.#windowSent) {
          this.#windowSent = size;
          this.#send(windowAckSize(size));
        }
        return;
      }
      case MessageType.UserControl: {
        const event = parseUserControl(msg.payload);
        if (event.kind === 'ping-request') this.#send(pingResponse(event.timestamp));
        return;
      }
      default:
        return;
    }
  }

  #onCommand(cmd: RtmpCommand, streamId: number): void {
    if (cmd.name === '_result' || cmd.name === '_error') {
      const waiter = this.#transactions.get(cmd.transactionId);
      this.#transactions.delete(cmd.transactionId);
      waiter?.resolve(cmd);
      return;
    }
    if (cmd.name !== 'onStatus') return;
    const status = statusOf(cmd.args[0] ?? null, streamId);
    this.emit('status', status);
    // Some servers send onStatus on stream 0; then it can only be for the one pending request.
    let key = streamId;
    if (!this.#streamWaiters.has(key) && this.#streamWaiters.size === 1)
      key = [...this.#streamWaiters.keys()][0]!;
    const waiter = this.#streamWaiters.get(key);
    if (!waiter) return;
    if (status.code === waiter.success) {
      this.#streamWaiters.delete(key);
      waiter.resolve();
    } else if (status.level === 'error') {
      this.#streamWaiters.delete(key);
      waiter.reject(new RtmpStatusError(status.code, status.level, status.description));
    }
  }

  #finish(error: Error | null): void {
    if (this.#closed) return;
    this.#closed = true;
    const reason = error ?? new Error('RTMP connection closed');
    this.#opened?.reject(reason);
    for (const w of this.#transactions.values()) w.reject(reason);
    for (const w of this.#streamWaiters.values()) w.reject(reason);
    this.#transactions.clear();
    this.#streamWaiters.clear();
    this.#socket.destroy();
    this.emit('close', error);
  }
}

/** Connects to an rtmp:// or rtmps:// URL: TCP (no Nagle), handshake, Set Chunk Size, connect. */
export async function connectRtmp(url: string, options: RtmpClientOptions = {}): Promise<RtmpClient> {
  const client = new RtmpClient(parseRtmpUrl(url), options);
  try {
    await client.open(options.connectFields);
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}
