import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { sha256Hex } from './random.ts';

/** Who a valid key belongs to. */
export interface ApiKeyIdentity {
  readonly id: string;
  readonly name: string;
  readonly role: 'admin';
}

// Real keys are 46 characters; anything far longer is not worth hashing.
const MAX_KEY_LENGTH = 512;

/**
 * The identity of an unrevoked key, or undefined. Looks the key up by its SHA-256, so the
 * comparison happens on digests inside the index, never on the secret itself.
 */
export async function verifyApiKey({
  ctx,
  key,
}: {
  ctx: ServiceContext;
  key: string;
}): Promise<ApiKeyIdentity | undefined> {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return undefined;
  const hash = await sha256Hex(key);
  const [row] = await ctx.db
    .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row;
}
