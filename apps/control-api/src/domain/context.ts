import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { OutboundFetch } from './net/outbound-fetch.ts';

/** What every domain verb gets: the database, a clock and the request it serves. */
export interface ServiceContext {
  readonly db: Database;
  readonly log: Logger;
  readonly requestId: string;
  readonly now: () => Date;
  /** Sent to nodes as `Authorization: Bearer <nodeSecret>` with commands (close a stream, a session). */
  readonly nodeSecret?: string | undefined;
  /** Signs and verifies play/publish tokens; when unset, a key generated once and kept in `settings` is used. */
  readonly tokenSecret?: string | undefined;
  /** Lets pull sources point at private, loopback or link-local hosts (labs, single-host installs). */
  readonly allowPrivatePullUrls?: boolean | undefined;
  /** Lets webhook URLs point at private, loopback or link-local hosts (tests, single-host installs). */
  readonly allowPrivateWebhookUrls?: boolean | undefined;
  /** Throws when an app's decision URL may not be reached now (its name resolves to a private address). */
  readonly checkOutboundTarget?: ((url: URL) => Promise<void>) | undefined;
  /** Calls decision URLs; the Node entry's connects only to addresses it checked (default: global fetch). */
  readonly outboundFetch?: OutboundFetch | undefined;
}
