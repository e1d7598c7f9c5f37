import type { Database } from '../../db/database.ts';

/** Rows one retention statement deletes at most, so a large backlog never holds locks for long. */
export const RETENTION_BATCH_SIZE = 1000;

/** What a purge needs: rows older than `before` go, `batchSize` at a time, until `signal` aborts. */
export interface PurgeOptions {
  readonly db: Database;
  /** Rows created (events) or ended (sessions) before this instant are deleted. */
  readonly before: Date;
  /** Rows per DELETE statement; defaults to RETENTION_BATCH_SIZE. */
  readonly batchSize?: number;
  /** Stops between batches (the API is shutting down); rows left go on the next sweep. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `deleteBatch(limit)`, each call its own short statement, until one deletes fewer than `limit`
 * rows or `signal` aborts. Returns the total deleted.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batchSize: number = RETENTION_BATCH_SIZE,
  signal?: AbortSignal,
): Promise<number> {
  const limit = Math.max(1, Math.floor(batchSize));
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await deleteBatch(limit);
    total += deleted;
    if (deleted < limit) break;
  }
  return total;
}
