import { z } from 'zod';
import { HeartbeatLoad } from '../node-api/heartbeat.ts';

/** A media node as the registry knows it. */
export const NodeInfo = z.object({
  id: z.string().min(1),
  online: z.boolean(),
  version: z.string(),
  /** Public base URLs clients use to reach it. */
  urls: z.object({ rtmp: z.string().optional(), http: z.string().optional() }),
  registeredAt: z.iso.datetime().nullable(),
  lastSeenAt: z.iso.datetime(),
  /** The last load the node reported in a heartbeat, when it sent one. */
  load: HeartbeatLoad.optional(),
});
/** A node. */
export type NodeInfo = z.infer<typeof NodeInfo>;

/** GET /v1/nodes reply. */
export const NodeList = z.object({ data: z.array(NodeInfo) });
/** A list of nodes. */
export type NodeList = z.infer<typeof NodeList>;
