import { ProtocolError } from '../../core/errors.ts';
import type { Amf0Object, Amf0Value } from '../amf/amf0.ts';
import { decodeAmf0, encodeAmf0 } from '../amf/amf0.ts';
import type { RtmpMessage } from './message.ts';
import { ChunkStreamId, MessageType } from './message.ts';

/** A decoded command message (§7.1.1): name, transaction id, command object, then arguments. */
export interface RtmpCommand {
  readonly name: string;
  readonly transactionId: number;
  /** The command object: an object for connect/_result, usually null elsewhere. */
  readonly commandObject: Amf0Value;
  readonly args: readonly Amf0Value[];
}

/** What `connect` asked for (§7.2.1.1), validated. */
export interface ConnectParams {
  readonly app: string;
  readonly tcUrl: string | undefined;
  readonly flashVer: string | undefined;
  /** 0 = AMF0, 3 = AMF3; replies echo it. */
  readonly objectEncoding: 0 | 3;
  readonly commandObject: Amf0Object;
}

/** True for a plain AMF object (not null, array or Date). */
export function isAmf0Object(v: Amf0Value): v is Amf0Object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Decodes AMF0 values, turning any failure into a ProtocolError naming `what`. */
export function decodeAmf0Body(payload: Buffer, what: string): Amf0Value[] {
  try {
    return decodeAmf0(payload);
  } catch (err) {
    if (err instanceof ProtocolError) throw new ProtocolError(`RTMP ${what}: ${err.message}`);
    throw new ProtocolError(`RTMP ${what}: undecodable AMF0 (${String(err)})`);
  }
}

/** Strips the format byte of an AMF3-typed message (17/15), whose body is AMF0 after a 0 byte. */
export function amf0Body(typeId: number, payload: Buffer): Buffer {
  if (typeId !== MessageType.CommandAmf3 && typeId !== MessageType.DataAmf3) return payload;
  if (payload[0] !== 0) throw new ProtocolError(`RTMP message type ${typeId}: AMF3 bodies are not supported`);
  return payload.subarray(1);
}

/** Decodes a command message body of type 20 (AMF0) or 17 (AMF3 wrapper around AMF0). */
export function decodeCommand(typeId: number, payload: Buffer): RtmpCommand {
  const values = decodeAmf0Body(amf0Body(typeId, payload), 'command');
  const [name, transactionId, commandObject = null, ...args] = values;
  if (typeof name !== 'string') throw new ProtocolError('RTMP command: name is not a string');
  if (typeof transactionId !== 'number' || Number.isNaN(transactionId)) {
    throw new ProtocolError(`RTMP command ${clip(name)}: transaction id is not a number`);
  }
  return { name, transactionId, commandObject, args };
}

/** Encodes a command as an AMF0 body. */
export function encodeCommand(cmd: RtmpCommand): Buffer {
  return encodeAmf0(cmd.name, cmd.transactionId, cmd.commandObject, ...cmd.args);
}

/** Wraps a command in a type-20 message on `streamId` (chunk stream 3 for stream 0, else 8). */
export function commandMessage(streamId: number, cmd: RtmpCommand): RtmpMessage {
  const csid = streamId === 0 ? ChunkStreamId.Command : ChunkStreamId.StreamCommand;
  return { csid, typeId: MessageType.CommandAmf0, streamId, timestamp: 0, payload: encodeCommand(cmd) };
}

/** Shortens untrusted text before it goes into an error message. */
export function clip(text: string, max = 120): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Validates and extracts the `connect` command's parameters. */
export function parseConnect(cmd: RtmpCommand): ConnectParams {
  const obj = cmd.commandObject;
  if (!isAmf0Object(obj)) throw new ProtocolError('RTMP connect: command object missing');
  const { app, tcUrl, flashVer, objectEncoding = 0 } = obj;
  if (typeof app !== 'string') throw new ProtocolError('RTMP connect: app is missing or not a string');
  if (tcUrl !== undefined && typeof tcUrl !== 'string')
    throw new ProtocolError('RTMP connect: tcUrl is not a string');
  if (typeof tcUrl === 'string' && !URL.canParse(tcUrl)) {
    throw new ProtocolError(`RTMP connect: tcUrl ${clip(tcUrl)} is not a URL`);
  }
  if (flashVer !== undefined && typeof flashVer !== 'string') {
    throw new ProtocolError('RTMP connect: flashVer is not a string');
  }
  if (objectEncoding !== 0 && objectEncoding !== 3) {
    throw new ProtocolError(`RTMP connect: objectEncoding ${String(objectEncoding)} is neither 0 nor 3`);
  }
  return { app, tcUrl, flashVer, objectEncoding, commandObject: obj };
}

/** The stream name argument of publish/play/FCPublish/releaseStream (first argument), validated. */
export function streamNameArg(cmd: RtmpCommand): string {
  const name = cmd.args[0];
  if (typeof name !== 'string')
    throw new ProtocolError(`RTMP ${clip(cmd.name)}: stream name is not a string`);
  return name;
}

/** `publish` arguments (§7.2.2.6): stream name and publishing type (default "live"). */
export function parsePublish(cmd: RtmpCommand): { name: string; type: string } {
  const type = cmd.args[1];
  return { name: streamNameArg(cmd), type: typeof type === 'string' ? type : 'live' };
}

/** `play` arguments (§7.2.2.1): stream name, start (default -2), duration (default -1), reset. */
export function parsePlay(cmd: RtmpCommand): {
  name: string;
  start: number;
  duration: number;
  reset: boolean;
} {
  const [, start, duration, reset] = cmd.args;
  return {
    name: streamNameArg(cmd),
    start: typeof start === 'number' ? start : -2,
    duration: typeof duration === 'number' ? duration : -1,
    reset: reset !== false,
  };
}
