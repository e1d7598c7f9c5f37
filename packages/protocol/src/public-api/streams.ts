import { z } from 'zod';
import { StreamRef, Track } from '../node-api/common.ts';
import { AppName, NAME_SEGMENT } from './apps.ts';

/** A stream name: one or more path segments after the app, e.g. `cam` or `event/cam-2`. */
export const StreamName = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (s) => s.split('/').every((seg) => NAME_SEGMENT.test(seg) && seg !== '.' && seg !== '..'),
    'must be /-separated segments of A-Z a-z 0-9 . _ ~ -',
  );
/** A stream name. */
export type StreamName = z.infer<typeof StreamName>;

/** Players of a stream, in total and per protocol (`rtmp`, `http-flv`, ...). */
export const ReaderCounts = z.object({
  total: z.number().int().nonnegative(),
  byProtocol: z.record(z.string(), z.number().int().nonnegative()),
});
/** Reader counts. */
export type ReaderCounts = z.infer<typeof ReaderCounts>;

/** The node holding a stream, with the base URLs clients reach it at. */
export const StreamNode = z.object({
  id: z.string().min(1),
  urls: z.object({ rtmp: z.string().optional(), http: z.string().optional() }),
});
/** A stream's node. */
export type StreamNode = z.infer<typeof StreamNode>;

/** A live stream as the control API knows it: which node holds it, its tracks, since when. */
export const StreamInfo = StreamRef.extend({
  nodeId: z.string().min(1),
  tracks: z.array(Track),
  since: z.iso.datetime(),
  /** Added in v1.1; always sent by the API. */
  node: StreamNode.optional(),
  /** Added in v1.1; zeros until the node reports counts. */
  readers: ReaderCounts.default({ total: 0, byProtocol: {} }),
  /** Added in v1.1; the publisher's ingest bitrate as last reported by the node. */
  bitrateKbps: z.number().nonnegative().default(0),
});
/** A live stream. */
export type StreamInfo = z.infer<typeof StreamInfo>;

/** GET /v1/streams and GET /v1/streams/{app}/{stream} reply: one entry per node holding a stream. */
export const StreamList = z.object({ data: z.array(StreamInfo) });
/** A list of live streams. */
export type StreamList = z.infer<typeof StreamList>;

/** Query of GET /v1/streams and the single-stream routes: narrow to one vhost or app. */
export const StreamListQuery = z.object({
  vhost: z.string().min(1).max(256).optional(),
  app: z.string().min(1).max(128).optional(),
});
/** A stream list query. */
export type StreamListQuery = z.infer<typeof StreamListQuery>;

/** DELETE /v1/streams/{app}/{stream} reply: the copies that were told to close. */
export const CloseStreamResult = z.object({
  closed: z.array(z.object({ vhost: z.string(), nodeId: z.string() })),
});
/** A close reply. */
export type CloseStreamResult = z.infer<typeof CloseStreamResult>;

/** Path parameters of /v1/streams/{app}/{stream}; the stream may contain slashes. */
export const StreamPathParams = z.object({
  app: AppName,
  stream: StreamName,
});
/** Stream path parameters. */
export type StreamPathParams = z.infer<typeof StreamPathParams>;
