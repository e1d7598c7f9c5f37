import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, waitFor } from '../../../test/harness.ts';
import { appPolicies } from '../../db/schema/index.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { cachedAppPolicy } from './policy-cache.ts';
import { updateAppPolicy } from './update-app-policy.ts';

describe('cachedAppPolicy', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = { db: database.db, log: silentLogger, requestId: 't', now: () => new Date() };
  });
  afterAll(() => database.cleanup());

  it('sees a change written through updateAppPolicy at once', async () => {
    expect((await cachedAppPolicy({ ctx, app: 'a' })).publish).toBe('open');
    await updateAppPolicy({ ctx, app: 'a', patch: { publish: 'token' } });
    expect((await cachedAppPolicy({ ctx, app: 'a' })).publish).toBe('token');
  });

  it('keeps a copy for at most a second when another instance writes the row', async () => {
    const started = performance.now();
    expect((await cachedAppPolicy({ ctx, app: 'b' })).play).toBe('open');
    // Another API instance's write: straight into the table, this process is not told.
    await database.db.insert(appPolicies).values({ app: 'b', play: 'token' });
    const soon = await cachedAppPolicy({ ctx, app: 'b' });
    if (performance.now() - started < 900) expect(soon.play).toBe('open');
    await waitFor(async () => (await cachedAppPolicy({ ctx, app: 'b' })).play === 'token', {
      timeoutMs: 3000,
      what: 'the cached policy to expire',
    });
  });

  it('concurrent decisions for one app share one read', async () => {
    const reads = await Promise.all(Array.from({ length: 20 }, () => cachedAppPolicy({ ctx, app: 'burst' })));
    expect(new Set(reads).size).toBe(1);
  });

  it('stays bounded and correct with many distinct app names', async () => {
    const names = Array.from({ length: 1100 }, (_, i) => `app-${i}`);
    for (const app of names) await cachedAppPolicy({ ctx, app });
    await updateAppPolicy({ ctx, app: 'app-5', patch: { play: 'token' } });
    expect((await cachedAppPolicy({ ctx, app: 'app-5' })).play).toBe('token');
    expect((await cachedAppPolicy({ ctx, app: 'app-1099' })).play).toBe('open');
  });
});
