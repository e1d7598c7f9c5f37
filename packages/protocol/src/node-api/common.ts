import { z } from 'zod';

/** Protocols a session can speak; additive only. */
export const SessionProtocol = z.enum(['rtmp', 'http-flv', 'ws-flv']);
/** A session's protocol. */
export type SessionProtocol = z.infer<typeof SessionProtocol>;

/** Identifies a stream: (vhost, app, stream). */
export const StreamRef = z.object({
  vhost: z.string().min(1),
  app: z.string().min(1),
  stream: z.string().min(1),
});
/** A stream reference. */
export type StreamRef = z.infer<typeof StreamRef>;

/** A track as reported by a node. */
export const Track = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('video'),
    codec: z.string(),
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    fps: z.number().nonnegative().optional(),
  }),
  z.object({
    kind: z.literal('audio'),
    codec: z.string(),
    sampleRate: z.number().int().nonnegative(),
    channels: z.number().int().nonnegative(),
  }),
]);
/** A track description. */
export type Track = z.infer<typeof Track>;
