import { type AppPolicy, DEFAULT_APP_POLICY } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { type AppPolicyRow, appPolicies } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

/** The effective policy of an app: its stored row, or the defaults (open) when it has none. One indexed read. */
export async function getAppPolicy({ ctx, app }: { ctx: ServiceContext; app: string }): Promise<AppPolicy> {
  const [row] = await ctx.db.select().from(appPolicies).where(eq(appPolicies.app, app)).limit(1);
  return row === undefined ? { ...DEFAULT_APP_POLICY } : policyOf(row);
}

/** The policy fields of a row. */
export function policyOf(row: AppPolicyRow): AppPolicy {
  return {
    publish: row.publish,
    play: row.play,
    maxStreamWaitMs: row.maxStreamWaitMs,
    noneReaderDelayMs: row.noneReaderDelayMs,
    noneReaderAction: row.noneReaderAction,
    continuePushMs: row.continuePushMs,
    hlsSessionIdleMs: row.hlsSessionIdleMs,
    continueOnCleanStop: row.continueOnCleanStop,
    decisionUrl: row.decisionUrl,
    decisionTimeoutMs: row.decisionTimeoutMs,
  };
}
