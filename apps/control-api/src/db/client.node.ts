import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Database } from './database.ts';
import * as schema from './schema/index.ts';

/** PGlite keeps its data in memory when given this data dir. */
export const MEMORY_DATA_DIR = 'memory://';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DatabaseOptions {
  /** A Postgres URL; when set, node-postgres is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory, or `memory://`. */
  dataDir: string;
}

export interface OpenDatabase {
  db: Database;
  kind: 'pg' | 'pglite';
  /** Where the data lives, safe to log (no credentials). */
  describe: string;
  close(): Promise<void>;
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<OpenDatabase> {
  if (opts.databaseUrl !== undefined) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema });
  try {
    await migratePg(db, { migrationsFolder });
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { db, kind: 'pg', describe: `postgres ${redactUrl(url)}`, close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<OpenDatabase> {
  const memory = dataDir === MEMORY_DATA_DIR;
  if (!memory) mkdirSync(dataDir, { recursive: true });
  return usePglite(memory ? new PGlite() : new PGlite(dataDir), `pglite ${memory ? '(in memory)' : dataDir}`);
}

/** Migrates and wraps a PGlite the caller created (e.g. from a dumped data dir); closing closes it. */
export async function usePglite(client: PGlite, describe = 'pglite'): Promise<OpenDatabase> {
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (err) {
    await client.close();
    throw err;
  }
  return { db, kind: 'pglite', describe, close: () => client.close() };
}

/** The folder of committed SQL migrations. */
export function migrationsDir(): string {
  return migrationsFolder;
}

/** Host, port and database name only: never the password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}
