import { type AppPolicy, type AppPolicyPatch, DEFAULT_APP_POLICY } from '@mediaplane/protocol';
import { appPolicies } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { policyOf } from './get-app-policy.ts';
import { forgetAppPolicy } from './policy-cache.ts';

/**
 * Changes only the given fields of an app's policy (a missing row starts from the defaults) and
 * returns the whole policy. One upsert, so concurrent patches of different fields both land.
 */
export async function updateAppPolicy({
  ctx,
  app,
  patch,
}: {
  ctx: ServiceContext;
  app: string;
  patch: AppPolicyPatch;
}): Promise<AppPolicy> {
  const updatedAt = ctx.now();
  // Absent keys must stay absent (not `undefined`), or the update would null the column.
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const [row] = await ctx.db
    .insert(appPolicies)
    .values({ app, ...DEFAULT_APP_POLICY, ...changes, updatedAt })
    .onConflictDoUpdate({ target: appPolicies.app, set: { ...changes, updatedAt } })
    .returning();
  const policy = policyOf(row!);
  forgetAppPolicy(ctx.db, app);
  ctx.log.info('app policy updated', { app, fields: Object.keys(changes), requestId: ctx.requestId });
  return policy;
}
