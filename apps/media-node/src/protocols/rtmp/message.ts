/** One complete RTMP message (§6.1): header fields plus payload; `timestamp` is absolute ms, uint32. */
export interface RtmpMessage {
  /** Chunk stream id it travelled on (2..65599). */
  readonly csid: number;
  /** Message type id (see `MessageType`). */
  readonly typeId: number;
  /** Message stream id (0 for the NetConnection, else a createStream id). */
  readonly streamId: number;
  /** Absolute timestamp in milliseconds, modulo 2^32. */
  readonly timestamp: number;
  /** Message body; may share memory with the bytes the reader was fed. */
  readonly payload: Buffer;
}

/** RTMP message type ids (§5.4 protocol control, §7.1 RTMP messages). */
export const MessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  SharedObjectAmf3: 16,
  CommandAmf3: 17,
  DataAmf0: 18,
  SharedObjectAmf0: 19,
  CommandAmf0: 20,
  Aggregate: 22,
} as const;

/** Chunk stream ids this codebase uses when it originates messages (2 is mandated for control, §5.4). */
export const ChunkStreamId = {
  Control: 2,
  Command: 3,
  Audio: 4,
  Data: 5,
  Video: 6,
  StreamCommand: 8,
} as const;
