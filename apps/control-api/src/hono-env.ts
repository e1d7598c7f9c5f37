import type { Database } from './db/database.ts';
import type { OutboundFetch } from './domain/net/outbound-fetch.ts';
import type { Logger } from './log.ts';

/** What `buildApp` needs; a runtime entry builds these and passes them in. */
export interface AppDeps {
  db: Database;
  log: Logger;
  /** Nodes must send `Authorization: Bearer <nodeSecret>` when set. */
  nodeSecret?: string | undefined;
  /** Key for play/publish tokens; when unset one is generated once and kept in the database. */
  tokenSecret?: string | undefined;
  /** Lets pull sources point at private or loopback hosts. */
  allowPrivatePullUrls?: boolean | undefined;
  /** Lets webhook URLs point at private or loopback hosts. */
  allowPrivateWebhookUrls?: boolean | undefined;
  /**
   * Checked before each call to a decision URL, for runtimes whose fetch cannot check at connect time
   * (without either, only the literal-host checks apply).
   */
  checkOutboundTarget?: ((url: URL) => Promise<void>) | undefined;
  /** Calls decision URLs; the Node entry passes a fetch that connects only to addresses it checked. */
  outboundFetch?: OutboundFetch | undefined;
  now?: () => Date;
}

/** Hono's typed context variables for this app. */
export type AppEnv = { Variables: { requestId: string; deps: AppDeps } };
