import { isNull, sql } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { displayPrefix, generateApiKey, insertApiKey } from './create-api-key.ts';
import { randomBase64Url, sha256Hex } from './random.ts';

// Any constant works: it only serialises bootstraps of API instances sharing a database.
const BOOTSTRAP_LOCK = 0x6d70_6b79;

/** What the bootstrap did; `generated` carries the new plain key, to show the operator exactly once. */
export type BootstrapResult =
  | { readonly kind: 'configured' }
  | { readonly kind: 'existing' }
  | { readonly kind: 'generated'; readonly key: string; readonly prefix: string };

/**
 * Makes sure someone can use the REST API. A configured key (MEDIAPLANE_API_KEY) is stored as an
 * admin key, and un-revoked: configuring it states the operator's intent. Otherwise, when no usable
 * key exists, one is generated; a lock keeps API instances starting together from making one each.
 */
export async function bootstrapApiKey({
  ctx,
  configuredKey,
}: {
  ctx: ServiceContext;
  configuredKey?: string | undefined;
}): Promise<BootstrapResult> {
  const now = ctx.now();
  if (configuredKey !== undefined) {
    await ctx.db
      .insert(apiKeys)
      .values({
        id: `key_${randomBase64Url(12)}`,
        name: 'bootstrap (MEDIAPLANE_API_KEY)',
        hash: await sha256Hex(configuredKey),
        prefix: displayPrefix(configuredKey),
        role: 'admin',
        createdAt: now,
      })
      .onConflictDoUpdate({ target: apiKeys.hash, set: { revokedAt: null, role: 'admin' } });
    return { kind: 'configured' };
  }
  return ctx.db.transaction(async (tx): Promise<BootstrapResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const [usable] = await tx
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(isNull(apiKeys.revokedAt))
      .limit(1);
    if (usable !== undefined) return { kind: 'existing' };
    const created = await insertApiKey(tx, { key: generateApiKey(), name: 'bootstrap (generated)', now });
    return { kind: 'generated', key: created.key, prefix: created.prefix };
  });
}
