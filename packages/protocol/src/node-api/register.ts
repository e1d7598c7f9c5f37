import { z } from 'zod';
import { StreamRef, Track } from './common.ts';

/** POST /node/v1/register body: a node announces itself and what it holds (after a restart: nothing). */
export const RegisterNode = z.object({
  nodeId: z.string().min(1),
  version: z.string(),
  /** Public base URLs clients use to reach this node, e.g. `rtmp://host:1935`, `http://host:8080`. */
  urls: z.object({ rtmp: z.string().optional(), http: z.string().optional() }).default({}),
  streams: z.array(StreamRef.extend({ tracks: z.array(Track) })).default([]),
  /** The node's clock when it sent this; orders it against the node's stream events. */
  at: z.iso.datetime().optional(),
});
/** A node registration. */
export type RegisterNode = z.infer<typeof RegisterNode>;

/** Reply to a registration. */
export const RegisterNodeResult = z.object({ ok: z.literal(true) });
/** A registration reply. */
export type RegisterNodeResult = z.infer<typeof RegisterNodeResult>;
