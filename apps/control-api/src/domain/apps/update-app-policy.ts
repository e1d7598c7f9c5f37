import { type AppPolicy, type AppPolicyPatch, DEFAULT_APP_POLICY } from '@mediaplane/protocol';
import { appPolicies } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { BadRequestError } from '../errors.ts';
import { checkWebhookUrl } from '../webhooks/check-url.ts';
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
  if (typeof patch.decisionUrl === 'string') changes.decisionUrl = checkedDecisionUrl(ctx, patch.decisionUrl);
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

// The API POSTs to the decision URL on a player's behalf, so it is held to the webhook URL rules.
function checkedDecisionUrl(ctx: ServiceContext, raw: string): string {
  const checked = checkWebhookUrl(raw, { allowPrivate: ctx.allowPrivateWebhookUrls === true });
  if (!checked.ok) throw new BadRequestError(`invalid request: 'decisionUrl': ${checked.reason}`);
  return checked.url;
}
