import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

/** The tables drizzle knows about. */
export type Schema = typeof schema;

/** One database type for every driver (node-postgres, PGlite, later serverless drivers). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
