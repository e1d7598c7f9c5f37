import { z } from 'zod';
import { StreamRef, Track } from './common.ts';

const count = z.number().int().nonnegative();

/** A node's load, for routing and `GET /v1/nodes`. */
export const HeartbeatLoad = z.object({
  /** Process CPU over the last interval, in percent of one core (may exceed 100 on several cores). */
  cpuPercent: z.number().nonnegative(),
  rssBytes: count,
  /** Open publisher and player sessions. */
  sessions: count,
});
/** A node's load. */
export type HeartbeatLoad = z.infer<typeof HeartbeatLoad>;

/** One stream a node holds, with its audience and input rate. */
export const HeartbeatStream = StreamRef.extend({
  readers: z.object({ total: count, byProtocol: z.record(z.string(), count) }),
  /** Media bytes in over the last interval, in kbit/s. */
  bitrateKbps: count,
  /** Lets the API restore a row it dropped while it thought the node was gone. */
  tracks: z.array(Track).default([]),
});
/** A stream in a heartbeat. */
export type HeartbeatStream = z.infer<typeof HeartbeatStream>;

/** POST /node/v1/heartbeat body: the node is alive; its load and every announced stream it holds. */
export const Heartbeat = z.object({
  nodeId: z.string().min(1),
  /** The node's clock when it built this; orders it against the node's stream events. */
  at: z.iso.datetime(),
  load: HeartbeatLoad,
  streams: z.array(HeartbeatStream).default([]),
});
/** A heartbeat. */
export type Heartbeat = z.infer<typeof Heartbeat>;

/** Reply to a heartbeat. */
export const HeartbeatResult = z.object({ ok: z.literal(true) });
/** A heartbeat reply. */
export type HeartbeatResult = z.infer<typeof HeartbeatResult>;
