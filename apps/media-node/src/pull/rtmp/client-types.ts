import type { Amf0Object, Amf0Value } from '../../protocols/amf/amf0.ts';
import { isAmf0Object } from '../../protocols/rtmp/commands.ts';
import type { RtmpMessage } from '../../protocols/rtmp/message.ts';

/** Options of connectRtmp. */
export interface RtmpClientOptions {
  /** Deadline for each step (TCP+handshake+connect, each play/publish); a missed one closes the connection. Default 10 s. */
  readonly timeoutMs?: number;
  /** Outgoing chunk size announced right after the handshake (default 4096). */
  readonly chunkSize?: number;
  /** Send a digest (Flash-style) C1 (default true); servers that only echo accept it too. */
  readonly complexHandshake?: boolean;
  /** Extra or overriding fields for the connect command object. */
  readonly connectFields?: Amf0Object;
  /** Largest incoming message accepted (default 8 MiB). */
  readonly maxMessageLength?: number;
  /** IP to connect to instead of resolving the URL's host again (the host still names tcUrl and TLS). */
  readonly address?: string;
}

/** A status info object as servers send it in onStatus / _error. */
export interface RtmpStatus {
  readonly level: string;
  readonly code: string;
  readonly description: string;
  readonly streamId: number;
}

/** Events of an RtmpClient. */
export interface RtmpClientEvents {
  /** Audio (8), video (9) and data (15/18) messages with absolute timestamps; aggregates come split. */
  message: [message: RtmpMessage];
  /** Every onStatus the server sends. */
  status: [status: RtmpStatus];
  /** The connection ended; `error` is null for a clean close. Emitted once. */
  close: [error: Error | null];
}

/** A play/publish/connect refusal; `code` is the server's status code, e.g. NetStream.Play.StreamNotFound. */
export class RtmpStatusError extends Error {
  override readonly name = 'RtmpStatusError';
  readonly code: string;
  readonly level: string;
  constructor(code: string, level: string, description: string) {
    super(`${code}${description ? `: ${description}` : ''}`);
    this.code = code;
    this.level = level;
  }
}

/** What sendMessage needs: csid defaults by type, streamId to the published stream. */
export interface OutgoingRtmpMessage {
  readonly typeId: number;
  readonly timestamp: number;
  readonly payload: Buffer;
  readonly streamId?: number;
  readonly csid?: number;
}

/** The status info of an onStatus/_error command, with missing fields as empty strings. */
export function statusOf(value: Amf0Value, streamId: number): RtmpStatus {
  const info = isAmf0Object(value) ? value : {};
  const str = (v: Amf0Value) => (typeof v === 'string' ? v : '');
  return { level: str(info.level), code: str(info.code), description: str(info.description), streamId };
}
