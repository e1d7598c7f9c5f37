import type { Database } from '../../db/database.ts';
import { apiKeys } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { randomBase64Url, sha256Hex } from './random.ts';

/** Every generated key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = 'mp_';

/** A new key; `key` is the only time the plain key exists outside its holder. */
export interface CreatedApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly key: string;
}

/** A fresh random key: `mp_` and 32 random bytes (43 base64url characters). */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBase64Url(32);
}

/** The start of a key shown in lists: 11 characters at most and never more than a quarter of it. */
export function displayPrefix(key: string): string {
  return key.slice(0, Math.min(11, Math.floor(key.length / 4)));
}

/** Inserts a key's hash; the plain key is never stored. */
export async function insertApiKey(
  db: Pick<Database, 'insert'>,
  { key, name, now }: { key: string; name: string; now: Date },
): Promise<CreatedApiKey> {
  const row = { id: `key_${randomBase64Url(12)}`, name, prefix: displayPrefix(key) };
  await db.insert(apiKeys).values({ ...row, hash: await sha256Hex(key), role: 'admin', createdAt: now });
  return { ...row, key };
}

/** Creates an admin key (a random one unless `key` is given) and returns the plain key once. */
export function createApiKey({
  ctx,
  name,
  key = generateApiKey(),
}: {
  ctx: ServiceContext;
  name: string;
  key?: string;
}): Promise<CreatedApiKey> {
  return insertApiKey(ctx.db, { key, name, now: ctx.now() });
}
