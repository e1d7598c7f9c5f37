import { z } from 'zod';
import { StreamRef, Track } from './common.ts';

/** A stream started on a node (publisher is live and its tracks are known). */
export const StreamRegistered = StreamRef.extend({
  type: z.literal('stream.registered'),
  nodeId: z.string().min(1),
  tracks: z.array(Track),
  at: z.iso.datetime(),
});
/** A stream.registered event. */
export type StreamRegistered = z.infer<typeof StreamRegistered>;

/** A stream ended on a node. */
export const StreamUnregistered = StreamRef.extend({
  type: z.literal('stream.unregistered'),
  nodeId: z.string().min(1),
  at: z.iso.datetime(),
});
/** A stream.unregistered event. */
export type StreamUnregistered = z.infer<typeof StreamUnregistered>;

/** POST /node/v1/events body: one fact reported by a node. */
export const NodeEvent = z.discriminatedUnion('type', [StreamRegistered, StreamUnregistered]);
/** A node event. */
export type NodeEvent = z.infer<typeof NodeEvent>;

/** Reply to an event; `applied` is false when a newer fact already superseded it (a replay or a late arrival). */
export const NodeEventResult = z.object({ ok: z.literal(true), applied: z.boolean() });
/** An event reply. */
export type NodeEventResult = z.infer<typeof NodeEventResult>;
