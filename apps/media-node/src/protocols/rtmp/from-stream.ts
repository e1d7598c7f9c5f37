import type { MediaFrame } from '../../core/frame.ts';
import type { OutputFormat, StreamConfig } from '../../core/output-format.ts';
import {
  audioConfigTagBody,
  audioTagBody,
  metadataTagBody,
  videoConfigTagBody,
  videoTagBody,
} from '../flv/from-stream.ts';
import { encodeMessage } from './chunk-writer.ts';
import { ChunkStreamId, MessageType } from './message.ts';

/**
 * RTMP chunks for a player on message stream `streamId` receiving with `chunkSize`. Every header is
 * fmt 0 (absolute timestamp), so one encoding serves all players with the same chunk size and stream id.
 * Config and frames go through the same header path, so both wrap to 32 bits the same way.
 */
export function rtmpOutputFormat(chunkSize: number, streamId: number): OutputFormat {
  const chunk = (csid: number, typeId: number, timestamp: number, payload: Buffer): Buffer =>
    encodeMessage({ csid, typeId, streamId, timestamp: timestamp >>> 0, payload }, chunkSize);
  return {
    id: `rtmp:${chunkSize}:${streamId}`,
    encodeConfig(config: StreamConfig, timestamp: number): Buffer {
      const parts: Buffer[] = [];
      if (config.metadata || config.video || config.audio) {
        parts.push(
          chunk(
            ChunkStreamId.Data,
            MessageType.DataAmf0,
            timestamp,
            metadataTagBody(config.metadata ?? {}, config),
          ),
        );
      }
      if (config.video)
        parts.push(
          chunk(ChunkStreamId.Video, MessageType.Video, timestamp, videoConfigTagBody(config.video)),
        );
      if (config.audio)
        parts.push(
          chunk(ChunkStreamId.Audio, MessageType.Audio, timestamp, audioConfigTagBody(config.audio)),
        );
      return Buffer.concat(parts);
    },
    encodeFrame(frame: MediaFrame): Buffer {
      return frame.kind === 'video'
        ? chunk(ChunkStreamId.Video, MessageType.Video, frame.dts, videoTagBody(frame))
        : chunk(ChunkStreamId.Audio, MessageType.Audio, frame.dts, audioTagBody(frame));
    },
  };
}
