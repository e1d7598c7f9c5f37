import { and, asc, inArray, isNotNull, lt } from 'drizzle-orm';
import { sessions } from '../../db/schema/sessions.ts';
import { deleteInBatches, type PurgeOptions } from './delete-in-batches.ts';

/**
 * Deletes sessions that ended before `before`; live sessions (not ended) are never touched.
 * Returns the number deleted.
 */
export async function purgeEndedSessions(opts: PurgeOptions): Promise<number> {
  const { db, before } = opts;
  return deleteInBatches(
    async (limit) => {
      const batch = db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(isNotNull(sessions.endedAt), lt(sessions.endedAt, before)))
        .orderBy(asc(sessions.endedAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const gone = await db
        .delete(sessions)
        .where(inArray(sessions.id, batch))
        .returning({ id: sessions.id });
      return gone.length;
    },
    opts.batchSize,
    opts.signal,
  );
}
