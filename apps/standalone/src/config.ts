import { RetentionConfig } from '@mediaplane/control-api';
import { MediaNodeConfig } from '@mediaplane/media-node';
import { z } from 'zod';

/** The single-machine install's config: a media node's keys plus the embedded control API's. */
export const StandaloneConfig = MediaNodeConfig.extend({
  api: z
    .object({
      host: z.string().min(1).default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(3000),
      /** Admin API key (MEDIAPLANE_API_KEY); unset: one is generated on first start and printed once. */
      key: z.string().min(16).optional(),
      /** JWT signing secret for play/publish tokens; unset: generated once and kept in the database. */
      tokenSecret: z.string().min(32).optional(),
      /** Webhook receivers on this machine or its LAN are the norm for a single-machine install. */
      allowPrivateWebhookUrls: z.boolean().default(true),
      /** Pulling from private or loopback addresses (LAN cameras, another local server). */
      allowPrivatePullUrls: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .object({
      /** Postgres URL; empty means embedded PGlite under dataDir. DATABASE_URL is read too. */
      url: z.string().default(''),
      dataDir: z.string().min(1).default('./data'),
    })
    .prefault({}),
  /** The control API's retention, at the top level so the env names match a separate API's (MEDIAPLANE_RETENTION_*). */
  retention: RetentionConfig.prefault({}),
});
/** A parsed standalone config. */
export type StandaloneConfig = z.infer<typeof StandaloneConfig>;
