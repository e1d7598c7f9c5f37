import { z } from 'zod';
import { LOG_LEVELS } from './log.ts';

/** How long finished records are kept; an hourly sweep deletes older ones. 0 keeps that kind forever. */
export const RetentionConfig = z.object({
  /** Days to keep webhook events whose deliveries all finished (with those deliveries and attempts). */
  webhookDays: z.number().int().min(0).max(36_500).default(7),
  /** Days to keep sessions after they ended; live sessions are never deleted. */
  sessionDays: z.number().int().min(0).max(36_500).default(30),
});

/** The control API's configuration, parsed once at the entry point. */
export const ControlApiConfig = z.object({
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('0.0.0.0'),
  /** A Postgres URL; when unset, an embedded PGlite database under `dataDir` is used. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** PGlite's data directory, or `memory://` for a throwaway database. */
  dataDir: z.string().min(1).default('./data/pglite'),
  /** Shared secret nodes send as `Authorization: Bearer <secret>`; when unset the node API is open. */
  nodeSecret: z.string().min(8, 'must be at least 8 characters').optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** A node not heard from for this long (a few of its heartbeats) is offline and its streams are removed. */
  nodeOfflineAfterMs: z.number().int().min(100).default(15_000),
  /** An admin API key to accept (stored hashed at start); when unset and no key exists, one is generated and printed once. */
  apiKey: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  /** Secret that signs play/publish tokens; when unset, one is generated and kept in the database. */
  tokenSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Allow pull sources on private, loopback and link-local hosts (off: a key holder could reach internal services). */
  allowPrivatePullUrls: z.boolean().default(false),
  /** Allow webhook URLs on private, loopback and link-local hosts (off: a key holder could make the API call internal services). */
  allowPrivateWebhookUrls: z.boolean().default(false),
  retention: RetentionConfig.prefault({}),
});
/** A parsed configuration. */
export type ControlApiConfig = z.output<typeof ControlApiConfig>;
/** Configuration as given, before defaults. */
export type ControlApiConfigInput = z.input<typeof ControlApiConfig>;

/** Configuration was invalid; the message names every bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses configuration or throws a ConfigError naming the keys, e.g. `'port': Too big ...`. */
export function parseConfig(input: unknown): ControlApiConfig {
  const result = ControlApiConfig.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `'${i.path.map(String).join('.') || '(config)'}': ${i.message}`,
  );
  throw new ConfigError(`invalid control API config: ${problems.join('; ')}`);
}
