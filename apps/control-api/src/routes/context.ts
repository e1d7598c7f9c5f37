import type { Context } from 'hono';
import type { ServiceContext } from '../domain/context.ts';
import type { AppEnv } from '../hono-env.ts';

/** The domain's view of a request. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const deps = c.var.deps;
  const { db, log, now, nodeSecret, tokenSecret, allowPrivatePullUrls, allowPrivateWebhookUrls } = deps;
  return {
    db,
    log,
    requestId: c.var.requestId,
    now: now ?? (() => new Date()),
    nodeSecret,
    tokenSecret,
    allowPrivatePullUrls,
    allowPrivateWebhookUrls,
    checkOutboundTarget: deps.checkOutboundTarget,
    outboundFetch: deps.outboundFetch,
  };
}
