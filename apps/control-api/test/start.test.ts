import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Health, StreamList } from '@mediaplane/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import { startControlApi } from '../src/start.node.ts';
import { postJson, registered, uniqueNodeId } from './factories.ts';
import { createTestDatabase, memoryLogger, waitFor } from './harness.ts';
import { DAY_MS, eventsLeft, seedEvent, seedSession, seedWebhook, sessionsLeft } from './retention-rows.ts';

describe('startControlApi', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('listens on a free port when given 0, reports it, and logs the open policy', async () => {
    const database = await createTestDatabase();
    const log = memoryLogger();
    const api = await startControlApi({ port: 0, host: '127.0.0.1' }, log, {
      db: database.db,
      printSecret: () => {},
    });
    try {
      expect(api.port).toBeGreaterThan(0);
      expect(api.url).toBe(`http://127.0.0.1:${api.port}`);
      const res = await fetch(`${api.url}/health`);
      expect(Health.parse(await res.json())).toEqual({ ok: true });
      const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
      expect(warnings.some((m) => /policy is OPEN/.test(m))).toBe(true);
      expect(warnings.some((m) => /no node secret/.test(m))).toBe(true);
    } finally {
      await api.close();
      await api.close(); // Idempotent.
      await database.cleanup();
    }
  });

  it('never logs the node secret or database password', async () => {
    const database = await createTestDatabase();
    const log = memoryLogger();
    const secret = 'super-secret-node-key';
    const api = await startControlApi({ port: 0, host: '127.0.0.1', nodeSecret: secret }, log, {
      db: database.db,
      printSecret: () => {},
    });
    await api.close();
    await database.cleanup();
    expect(JSON.stringify(log.lines)).not.toContain(secret);
    expect(log.lines.some((l) => /no node secret/.test(l.msg))).toBe(false);
  });

  it('opens its own database from config (Postgres URL when given, else PGlite on disk) and keeps data', async () => {
    // On Postgres a fresh test database is reached through its URL; otherwise PGlite on disk.
    const pgDatabase = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'mp-pglite-'));
    dirs.push(dataDir);
    const config = {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: pgDatabase?.url,
      logLevel: 'silent' as const,
    };
    const node = uniqueNodeId();
    const printed: string[] = [];
    const printSecret = (line: string) => printed.push(line);
    try {
      const first = await startControlApi(config, undefined, { printSecret });
      try {
        const res = await fetch(`${first.url}/node/v1/events`, postJson(registered(node, 'cam', Date.now())));
        expect(res.status).toBe(200);
      } finally {
        await first.close();
      }
      // The first start generated an admin key and printed it; the second finds it and prints nothing.
      expect(printed).toHaveLength(1);
      const key = /(mp_\S+)$/.exec(printed[0]!)?.[1];
      expect(key).toBeDefined();
      const second = await startControlApi(config, undefined, { printSecret });
      try {
        expect(printed).toHaveLength(1);
        const res = await fetch(`${second.url}/v1/streams`, { headers: { authorization: `Bearer ${key}` } });
        const list = StreamList.parse(await res.json());
        expect(list.data.map((s) => s.nodeId)).toEqual([node]);
      } finally {
        await second.close();
      }
    } finally {
      await pgDatabase?.cleanup();
    }
  });

  it('rejects bad config naming the key, before opening anything', async () => {
    await expect(startControlApi({ port: 70000 })).rejects.toThrow(ConfigError);
    await expect(startControlApi({ port: 70000 })).rejects.toThrow(/'port'/);
    await expect(startControlApi({ databaseUrl: 'mysql://x' })).rejects.toThrow(/'databaseUrl'/);
    await expect(startControlApi({ nodeSecret: 'short' })).rejects.toThrow(/'nodeSecret'/);
    await expect(startControlApi({ retention: { sessionDays: -1 } })).rejects.toThrow(
      /'retention.sessionDays'/,
    );
  });

  it('runs the retention sweep from config and stops it on close', async () => {
    const database = await createTestDatabase();
    const db = database.db;
    const now = Date.now();
    const old = await seedSession(db, new Date(now - 12 * DAY_MS), new Date(now - 11 * DAY_MS));
    const recent = await seedSession(db, new Date(now - 10 * DAY_MS), new Date(now - 9 * DAY_MS));
    const hook = await seedWebhook(db);
    const event = await seedEvent(db, new Date(now - 8 * DAY_MS), ['delivered'], [hook]);
    const api = await startControlApi(
      { port: 0, host: '127.0.0.1', logLevel: 'silent', retention: { sessionDays: 10, webhookDays: 0 } },
      undefined,
      { db, printSecret: () => {}, retention: { firstRunAfterMs: 0 } },
    );
    try {
      await waitFor(async () => (await sessionsLeft(db, [old])).length === 0, { what: 'retention sweep' });
      expect(await sessionsLeft(db, [recent])).toEqual([recent]);
      // webhookDays 0: the week-old delivered event is kept.
      expect((await eventsLeft(db, [event])).events).toEqual([event]);
    } finally {
      await api.close();
      await database.cleanup();
    }
  });

  it('fails clearly when the port is taken', async () => {
    const database = await createTestDatabase();
    const api = await startControlApi({ port: 0, host: '127.0.0.1', logLevel: 'silent' }, undefined, {
      db: database.db,
      printSecret: () => {},
    });
    try {
      await expect(
        startControlApi({ port: api.port, host: '127.0.0.1', logLevel: 'silent' }, undefined, {
          db: database.db,
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await api.close();
      await database.cleanup();
    }
  });
});
