import type { AppPolicy } from '@mediaplane/protocol';
import type { Database } from '../../db/database.ts';
import type { ServiceContext } from '../context.ts';
import { getAppPolicy } from './get-app-policy.ts';

// Every publish and play asks the API, and the policy read is most of a decision's cost; a popular
// stream starting brings a burst of plays for one app. Policies may be ≤ 1 s stale on other API
// instances (this one forgets its copy when it writes), which is well inside what an operator notices.
const TTL_MS = 1000;
// App names come from clients' URLs, so the cache must not grow with whatever they send.
const MAX_APPS = 1000;

interface Entry {
  readonly until: number;
  readonly policy: Promise<AppPolicy>;
}

const byDatabase = new WeakMap<Database, Map<string, Entry>>();

/** The app's policy, read at most once a second per app and API process; for hot paths (authorize). */
export function cachedAppPolicy({ ctx, app }: { ctx: ServiceContext; app: string }): Promise<AppPolicy> {
  let cache = byDatabase.get(ctx.db);
  if (cache === undefined) {
    cache = new Map();
    byDatabase.set(ctx.db, cache);
  }
  const now = performance.now();
  const hit = cache.get(app);
  if (hit !== undefined && hit.until > now) return hit.policy;
  if (cache.size >= MAX_APPS) prune(cache, now);
  const policy = getAppPolicy({ ctx, app });
  const entry = { until: now + TTL_MS, policy };
  cache.set(app, entry);
  // A failed read is not worth remembering: the next decision retries.
  policy.catch(() => {
    if (cache.get(app) === entry) cache.delete(app);
  });
  return policy;
}

/** Drops this process's copy of an app's policy; called after writing it. */
export function forgetAppPolicy(db: Database, app: string): void {
  byDatabase.get(db)?.delete(app);
}

function prune(cache: Map<string, Entry>, now: number): void {
  for (const [app, entry] of cache) if (entry.until <= now) cache.delete(app);
  if (cache.size >= MAX_APPS) cache.clear();
}
