import { randomBytes } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { Hono } from 'hono';
import pg from 'pg';
import type { AppDeps } from '../src/app.ts';
import { buildApp } from '../src/app.ts';
import { MEMORY_DATA_DIR, openDatabase } from '../src/db/client.node.ts';
import type { Database } from '../src/db/database.ts';
import { type NodeRow, nodes, type StreamRow, streams } from '../src/db/schema/index.ts';
import { createApiKey } from '../src/domain/api-keys/create-api-key.ts';
import type { WebhookDeliveryOptions } from '../src/domain/webhooks/start-delivery.node.ts';
import type { AppEnv } from '../src/hono-env.ts';
import type { LogFields, Logger } from '../src/log.ts';
import { silentLogger } from '../src/log.ts';
import { type ControlApiHandle, startControlApi } from '../src/start.node.ts';
import { openTemplatedPglite } from './pglite-template.ts';

/** A database only this caller uses, migrated and empty. */
export interface TestDatabase {
  db: Database;
  /** The Postgres URL of the fresh database, when running against real Postgres. */
  url?: string;
  kind: 'pg' | 'pglite';
  /** Closes it and, on Postgres, drops it. */
  cleanup(): Promise<void>;
}

/**
 * With DATABASE_URL set, creates a fresh Postgres database `mp_t_<random>` next to it (never touching
 * shared tables); otherwise an in-memory PGlite. Either way fully migrated.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl === undefined || baseUrl === '') {
    const opened = await openTemplatedPglite();
    return { db: opened.db, kind: 'pglite', cleanup: opened.close };
  }
  const name = `mp_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    const opened = await openDatabase({ databaseUrl: url.toString(), dataDir: MEMORY_DATA_DIR });
    const cleanup = async () => {
      await opened.close();
      await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
    return { db: opened.db, url: url.toString(), kind: 'pg', cleanup };
  } catch (err) {
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Options of createTestApp; `deps` overrides any other dependency of buildApp (e.g. `now`, `tokenSecret`). */
export interface TestAppOptions {
  nodeSecret?: string;
  log?: Logger;
  deps?: Partial<AppDeps>;
}

/** An in-process app over a fresh database, for `app.request(...)` route tests. */
export interface TestApp {
  app: Hono<AppEnv>;
  db: Database;
  database: TestDatabase;
  /** A valid admin API key for /v1 routes. */
  apiKey: string;
  /** `{ authorization: 'Bearer <apiKey>' }`, to spread into request headers. */
  auth: Record<string, string>;
  cleanup(): Promise<void>;
}

/** An in-process app over a fresh database, with an admin API key, for `app.request(...)` route tests. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const log = opts.log ?? silentLogger;
  const app = buildApp({ db: database.db, log, nodeSecret: opts.nodeSecret, ...opts.deps });
  try {
    const ctx = { db: database.db, log, requestId: 'test', now: () => new Date() };
    const { key } = await createApiKey({ ctx, name: 'test admin' });
    return {
      app,
      db: database.db,
      database,
      apiKey: key,
      auth: { authorization: `Bearer ${key}` },
      cleanup: database.cleanup,
    };
  } catch (err) {
    await database.cleanup();
    throw err;
  }
}

/** A real control API on 127.0.0.1 over a fresh database, for route, client and e2e tests. */
export interface TestControlApi {
  /** Base URL, e.g. `http://127.0.0.1:40123`; stays the same across restart(). */
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  readonly nodeSecret: string | undefined;
  /** An admin API key for the REST API (/v1). */
  readonly apiKey: string;
  /** Rows of the `streams` table, ordered by (vhost, app, stream, node id). */
  listStreams(): Promise<StreamRow[]>;
  /** Rows of the `nodes` table, ordered by id. */
  listNodes(): Promise<NodeRow[]>;
  /** Stops the HTTP server only (the database stays): the API looks down to nodes. */
  stop(): Promise<void>;
  /** Starts the HTTP server again on the same port over the same database. */
  restart(): Promise<void>;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

export interface TestControlApiOptions {
  nodeSecret?: string;
  log?: Logger;
  /** The admin API key to bootstrap (default: a random one); see TestControlApi.apiKey. */
  apiKey?: string;
  /** Secret for play/publish tokens (default: generated and stored in the database). */
  tokenSecret?: string;
  /** Allow pull sources on private hosts (default false). */
  allowPrivatePullUrls?: boolean;
  /** Allow webhook URLs on private hosts (default true: loopback is the only network in tests). */
  allowPrivateWebhookUrls?: boolean;
  /** Webhook worker settings, e.g. test-speed backoff; false runs no worker. */
  webhooks?: WebhookDeliveryOptions | false;
}

/** Starts a control API on 127.0.0.1:0 over its own database (see createTestDatabase). */
export async function startTestControlApi(opts: TestControlApiOptions = {}): Promise<TestControlApi> {
  const database = await createTestDatabase();
  const log = opts.log ?? silentLogger;
  const apiKey = opts.apiKey ?? `mp_test_${randomBytes(24).toString('base64url')}`;
  const start = (port: number) =>
    startControlApi(
      {
        port,
        host: '127.0.0.1',
        nodeSecret: opts.nodeSecret,
        logLevel: 'silent',
        apiKey,
        tokenSecret: opts.tokenSecret,
        allowPrivatePullUrls: opts.allowPrivatePullUrls,
        allowPrivateWebhookUrls: opts.allowPrivateWebhookUrls ?? true,
      },
      log,
      { db: database.db, webhooks: opts.webhooks },
    );
  let handle: ControlApiHandle | undefined;
  try {
    handle = await start(0);
  } catch (err) {
    await database.cleanup();
    throw err;
  }
  const { url, port } = handle;
  return {
    url,
    port,
    db: database.db,
    nodeSecret: opts.nodeSecret,
    apiKey,
    listStreams: () =>
      database.db
        .select()
        .from(streams)
        .orderBy(asc(streams.vhost), asc(streams.app), asc(streams.stream), asc(streams.nodeId)),
    listNodes: () => database.db.select().from(nodes).orderBy(asc(nodes.id)),
    async stop() {
      await handle?.close();
      handle = undefined;
    },
    async restart() {
      await handle?.close();
      handle = await start(port);
    },
    async close() {
      await handle?.close();
      handle = undefined;
      await database.cleanup();
    },
  };
}

/** Polls `check` until it returns something other than undefined/false, or throws after the deadline. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  {
    timeoutMs = 5000,
    intervalMs = 20,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A logger that keeps lines in memory, for asserting what was logged. */
export function memoryLogger(): Logger & { lines: { level: string; msg: string; fields?: LogFields }[] } {
  const lines: { level: string; msg: string; fields?: LogFields }[] = [];
  const push = (level: string) => (msg: string, fields?: LogFields) => {
    lines.push(fields === undefined ? { level, msg } : { level, msg, fields });
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
