import pg from 'pg';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { WEBHOOK_NOTIFY_CHANNEL } from './enqueue.ts';

type Unlisten = () => Promise<void>;
type PgliteLike = { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> };

const RECONNECT_MS = 2_000;

/**
 * Calls `onEvent` whenever an outbox transaction commits anywhere on this database (Postgres
 * LISTEN/NOTIFY), so the worker wakes at once instead of at its next poll. Best effort: when the
 * listening connection breaks it reconnects, and polling covers the gap.
 */
export async function listenForWebhookEvents(
  db: Database,
  onEvent: () => void,
  log: Logger,
): Promise<Unlisten> {
  const client: unknown = (db as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return listenPg(client, onEvent, log);
  if (isPglite(client)) return client.listen(WEBHOOK_NOTIFY_CHANNEL, () => onEvent());
  log.warn('webhook worker cannot LISTEN on this database driver; it polls instead');
  return async () => {};
}

function isPglite(client: unknown): client is PgliteLike {
  return typeof (client as PgliteLike | undefined)?.listen === 'function';
}

// A pooled connection held for LISTEN; node-postgres emits `notification` on it.
async function listenPg(pool: pg.Pool, onEvent: () => void, log: Logger): Promise<Unlisten> {
  let closed = false;
  let conn: pg.PoolClient | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const drop = (err?: Error) => {
    conn?.release(err ?? true);
    conn = undefined;
  };
  const connect = async (): Promise<void> => {
    try {
      const c = await pool.connect();
      if (closed) return c.release(true);
      conn = c;
      c.on('notification', (m) => {
        if (m.channel === WEBHOOK_NOTIFY_CHANNEL) onEvent();
      });
      c.on('error', (err) => {
        if (closed) return;
        log.warn('webhook LISTEN connection lost; reconnecting', { err: err.message });
        drop(err);
        schedule();
      });
      await c.query(`LISTEN ${WEBHOOK_NOTIFY_CHANNEL}`);
      // Whatever was enqueued while we were not listening is found by this wake-up.
      onEvent();
    } catch (err) {
      if (closed) return;
      log.warn('webhook LISTEN failed; retrying', { err: String(err) });
      drop(err instanceof Error ? err : undefined);
      schedule();
    }
  };
  const schedule = () => {
    // A pool that was ended (the database closed under us) never comes back: stop, polling remains.
    if (closed || retry !== undefined || pool.ended) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    // Reconnecting must never be what keeps a process alive.
    retry.unref?.();
  };

  await connect();
  return async () => {
    closed = true;
    if (retry !== undefined) clearTimeout(retry);
    drop();
  };
}
