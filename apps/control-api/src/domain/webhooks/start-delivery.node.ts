import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { pinnedFetch } from '../net/pinned-fetch.node.ts';
import { listenForWebhookEvents } from './listen.node.ts';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker.ts';

/** Worker settings an embedder (tests, the standalone install) may override. */
export type WebhookDeliveryOptions = Omit<WebhookWorkerOptions, 'db' | 'log' | 'checkTarget'>;

/**
 * Runs webhook delivery on Node: the worker, woken by LISTEN/NOTIFY when an outbox transaction
 * commits, POSTing through a fetch that connects only to addresses it checked (private ones only if allowed).
 */
export async function startWebhookDelivery(
  db: Database,
  log: Logger,
  opts: WebhookDeliveryOptions & { allowPrivateUrls: boolean },
): Promise<WebhookWorker> {
  const { allowPrivateUrls, ...settings } = opts;
  const worker = startWebhookWorker({
    ...settings,
    db,
    log,
    fetch: settings.fetch ?? pinnedFetch({ allowPrivate: allowPrivateUrls }),
  });
  let unlisten: (() => Promise<void>) | undefined;
  try {
    unlisten = await listenForWebhookEvents(db, () => worker.wake(), log);
  } catch (err) {
    log.warn('webhook worker cannot LISTEN; it polls instead', { err: String(err) });
  }
  return {
    wake: () => worker.wake(),
    async close() {
      await unlisten?.();
      await worker.close();
    },
  };
}
