import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeys } from '../src/db/schema/index.ts';
import { bootstrapApiKey } from '../src/domain/api-keys/bootstrap-api-key.ts';
import { silentLogger } from '../src/log.ts';
import { startControlApi } from '../src/start.node.ts';
import { createTestDatabase, memoryLogger, type TestDatabase } from './harness.ts';

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const d of databases.splice(0)) await d.cleanup();
});
async function database(): Promise<TestDatabase> {
  const d = await createTestDatabase();
  databases.push(d);
  return d;
}

const streamsWith = (url: string, key: string) =>
  fetch(`${url}/v1/streams`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);

describe('API key bootstrap at start', () => {
  it('with MEDIAPLANE_API_KEY: accepts that key, prints nothing, logs no key', async () => {
    const d = await database();
    const log = memoryLogger();
    const printed: string[] = [];
    const apiKey = 'operator-chosen-admin-key-123';
    const start = () =>
      startControlApi({ port: 0, host: '127.0.0.1', apiKey }, log, {
        db: d.db,
        printSecret: (l) => printed.push(l),
      });
    const api = await start();
    try {
      expect(await streamsWith(api.url, apiKey)).toBe(200);
      expect(await streamsWith(api.url, `${apiKey}x`)).toBe(401);
    } finally {
      await api.close();
    }
    // Starting again with the same key keeps one row.
    await (await start()).close();
    expect(await d.db.select().from(apiKeys)).toHaveLength(1);
    expect(printed).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toContain(apiKey);
    const [row] = await d.db.select().from(apiKeys);
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.hash).not.toContain(apiKey);
    expect(row!.prefix.length).toBeLessThanOrEqual(apiKey.length / 4);
  });

  it('a configured key that was revoked works again: configuring it is the operator’s intent', async () => {
    const d = await database();
    const apiKey = 'revoked-then-configured-key';
    const ctx = { db: d.db, log: silentLogger, requestId: 't', now: () => new Date() };
    await bootstrapApiKey({ ctx, configuredKey: apiKey });
    await d.db.update(apiKeys).set({ revokedAt: new Date() });
    const api = await startControlApi({ port: 0, host: '127.0.0.1', apiKey, logLevel: 'silent' }, undefined, {
      db: d.db,
    });
    try {
      expect(await streamsWith(api.url, apiKey)).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('without one: generates a key, prints it once on one clear line, never logs it', async () => {
    const d = await database();
    const log = memoryLogger();
    const printed: string[] = [];
    const api = await startControlApi({ port: 0, host: '127.0.0.1' }, log, {
      db: d.db,
      printSecret: (l) => printed.push(l),
    });
    try {
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(
        /generated an admin API key \(shown only this once.*\): mp_[A-Za-z0-9_-]{43}$/,
      );
      const key = printed[0]!.split(' ').at(-1)!;
      expect(await streamsWith(api.url, key)).toBe(200);
      expect(JSON.stringify(log.lines)).not.toContain(key);
      expect(JSON.stringify(log.lines)).not.toContain(key.slice(3, 12));
      expect(log.lines.some((l) => l.level === 'warn' && /generated an admin key/.test(l.msg))).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('generates nothing when a usable key exists, and again when every key is revoked', async () => {
    const d = await database();
    const ctx = { db: d.db, log: silentLogger, requestId: 't', now: () => new Date() };
    const first = await bootstrapApiKey({ ctx });
    expect(first.kind).toBe('generated');
    expect(await bootstrapApiKey({ ctx })).toEqual({ kind: 'existing' });
    await d.db.update(apiKeys).set({ revokedAt: new Date() });
    const again = await bootstrapApiKey({ ctx });
    expect(again.kind).toBe('generated');
    expect(await d.db.select().from(apiKeys).where(eq(apiKeys.name, 'bootstrap (generated)'))).toHaveLength(
      2,
    );
  });

  it('instances starting together generate one key between them', async () => {
    const d = await database();
    const ctx = { db: d.db, log: silentLogger, requestId: 't', now: () => new Date() };
    const results = await Promise.all([
      bootstrapApiKey({ ctx }),
      bootstrapApiKey({ ctx }),
      bootstrapApiKey({ ctx }),
    ]);
    expect(results.filter((r) => r.kind === 'generated')).toHaveLength(1);
    expect(await d.db.select().from(apiKeys)).toHaveLength(1);
  });
});
