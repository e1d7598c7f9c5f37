import { z } from 'zod';
import { StreamRef } from './common.ts';

/** Path prefix of the commands a media node accepts from the control API on its HTTP port. */
export const NODE_COMMAND_PREFIX = '/_node/v1';

/** POST /_node/v1/streams/close body: disconnect a stream's publisher and every player. */
export const CloseStreamCommand = StreamRef.extend({
  /** Why, for the node's log and the players' close reason. */
  reason: z.string().max(200).optional(),
});
/** A close-stream command. */
export type CloseStreamCommand = z.infer<typeof CloseStreamCommand>;

/** POST /_node/v1/sessions/close body: disconnect one publisher or player. */
export const CloseSessionCommand = z.object({
  sessionId: z.string().min(1),
  reason: z.string().max(200).optional(),
});
/** A close-session command. */
export type CloseSessionCommand = z.infer<typeof CloseSessionCommand>;

/** A node's reply to a command it carried out; a target it does not hold is a 404 error body instead. */
export const NodeCommandResult = z.object({ ok: z.literal(true) });
/** A command reply. */
export type NodeCommandResult = z.infer<typeof NodeCommandResult>;
