import { z } from 'zod';
import { AppName } from './apps.ts';
import { StreamName } from './streams.ts';

/** What a token lets its holder do. */
export const TokenAction = z.enum(['publish', 'play']);
/** A token action. */
export type TokenAction = z.infer<typeof TokenAction>;

/** Longest token lifetime: a year, for publishing encoders configured once. */
export const MAX_TOKEN_TTL_SECONDS = 366 * 24 * 3600;

/** POST /v1/tokens body: a token for one action on one stream of one app. */
export const CreateTokenInput = z.object({
  app: AppName,
  stream: StreamName,
  action: TokenAction,
  /** Lifetime in seconds (default one hour). */
  ttlSeconds: z.number().int().min(1).max(MAX_TOKEN_TTL_SECONDS).default(3600),
});
/** A token request. */
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

/** POST /v1/tokens reply; clients pass the token as `?token=...` on the stream URL. */
export const CreateTokenResult = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime(),
});
/** A minted token. */
export type CreateTokenResult = z.infer<typeof CreateTokenResult>;
