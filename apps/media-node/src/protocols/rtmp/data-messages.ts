import { ProtocolError } from '../../core/errors.ts';
import type { Amf0Object, Amf0Value } from '../amf/amf0.ts';
import { encodeAmf0, encodeAmf0EcmaArray } from '../amf/amf0.ts';
import { amf0Body, clip, decodeAmf0Body, isAmf0Object } from './commands.ts';
import type { RtmpMessage } from './message.ts';
import { ChunkStreamId, MessageType } from './message.ts';

/** A decoded data message (§7.1.2): a handler name and its values. */
export interface RtmpData {
  readonly name: string;
  readonly values: readonly Amf0Value[];
}

/** Decodes a data message body of type 18 (AMF0) or 15 (AMF3 wrapper around AMF0). */
export function decodeData(typeId: number, payload: Buffer): RtmpData {
  const [name, ...values] = decodeAmf0Body(amf0Body(typeId, payload), 'data message');
  if (typeof name !== 'string') throw new ProtocolError('RTMP data message: handler name is not a string');
  return { name, values };
}

/** A type-18 data message calling `name` with `values`. */
export function dataMessage(
  streamId: number,
  timestamp: number,
  name: string,
  ...values: Amf0Value[]
): RtmpMessage {
  return {
    csid: ChunkStreamId.Data,
    typeId: MessageType.DataAmf0,
    streamId,
    timestamp,
    payload: encodeAmf0(name, ...values),
  };
}

/**
 * Metadata carried by `@setDataFrame("onMetaData", obj)` (what publishers send) or by a plain
 * `onMetaData(obj)`; null for other data messages.
 */
export function metadataOf(data: RtmpData): Amf0Object | null {
  let { name, values } = data;
  if (name === '@setDataFrame') {
    const [inner, ...rest] = values;
    if (typeof inner !== 'string')
      throw new ProtocolError('RTMP @setDataFrame: handler name is not a string');
    name = inner;
    values = rest;
  }
  if (name !== 'onMetaData') return null;
  const obj = values[0];
  if (!isAmf0Object(obj)) throw new ProtocolError(`RTMP ${clip(name)}: metadata is not an object`);
  return obj;
}

/** `onMetaData` data message for players, the metadata as an ECMA array (the conventional form). */
export function onMetaDataMessage(streamId: number, metadata: Amf0Object): RtmpMessage {
  return {
    csid: ChunkStreamId.Data,
    typeId: MessageType.DataAmf0,
    streamId,
    timestamp: 0,
    payload: Buffer.concat([encodeAmf0('onMetaData'), encodeAmf0EcmaArray(metadata)]),
  };
}

/** `@setDataFrame("onMetaData", metadata)` as a publisher sends it. */
export function setDataFrameMessage(streamId: number, metadata: Amf0Object): RtmpMessage {
  return {
    csid: ChunkStreamId.Data,
    typeId: MessageType.DataAmf0,
    streamId,
    timestamp: 0,
    payload: Buffer.concat([encodeAmf0('@setDataFrame', 'onMetaData'), encodeAmf0EcmaArray(metadata)]),
  };
}

/** `|RtmpSampleAccess(true, true)`: lets Flash-era players read raw audio/video samples. */
export function sampleAccessMessage(streamId: number): RtmpMessage {
  return dataMessage(streamId, 0, '|RtmpSampleAccess', true, true);
}
