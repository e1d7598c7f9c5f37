import { type Stack, startStack } from './stack.ts';

/** A Stack whose node counts answered play authorizations. */
export interface HeldStack extends Stack {
  /**
   * Plays the control API allowed so far. The node looks the stream up in the same tick the answer
   * arrives, so once a poll sees the count, a player counted for a missing stream is held.
   */
  playsAllowed(): number;
}

/** Starts a real control API and an in-process media node whose policy counts allowed plays. */
export async function startHeldStack(): Promise<HeldStack> {
  let allowed = 0;
  const stack = await startStack({}, {}, (control) => ({
    authorizePublish: (req) => control.authorizePublish(req),
    authorizePlay: async (req) => {
      const lifecycle = await control.authorizePlay(req);
      allowed++;
      return lifecycle;
    },
    streamNotFound: (report) => control.streamNotFound(report),
    noViewers: (report) => control.noViewers(report),
  }));
  return { ...stack, playsAllowed: () => allowed };
}
