import type { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { SignJWT } from 'jose';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import type { Database } from '../../db/database.ts';
import * as schema from '../../db/schema/index.ts';
import { settings } from '../../db/schema/index.ts';
import { silentLogger } from '../../log.ts';
import type { ServiceContext } from '../context.ts';
import { mintToken } from './mint-token.ts';
import { TOKEN_SECRET_SETTING } from './signing-key.ts';
import { TOKEN_ISSUER, verifyToken } from './verify-token.ts';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const SECRET = 'a-configured-token-secret-of-32+chars';

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const d of databases.splice(0)) await d.cleanup();
});

async function context(over: Partial<ServiceContext> = {}): Promise<ServiceContext> {
  const database = await createTestDatabase();
  databases.push(database);
  return { db: database.db, log: silentLogger, requestId: 't', now: () => T0, ...over };
}

// A second drizzle instance over the same connection: what another API process sharing the database sees.
function otherInstance(db: Database): Database {
  const client = (db as unknown as { $client: PGlite | pg.Pool }).$client;
  return ('query' in client && 'dumpDataDir' in client
    ? drizzlePglite({ client: client as PGlite, schema })
    : drizzlePg({ client: client as pg.Pool, schema })) as unknown as Database;
}

const play = { app: 'live', stream: 'cam', action: 'play' as const };

describe('mintToken + verifyToken', () => {
  it('a minted token verifies for exactly its app, stream and action until it expires', async () => {
    const ctx = await context();
    const { token, expiresAt } = await mintToken({ ctx, input: { ...play, ttlSeconds: 60 } });
    expect(expiresAt).toBe('2026-03-01T12:01:00.000Z');
    expect(await verifyToken({ ctx, token, ...play })).toEqual({ ok: true });
    const at = (ms: number) => ({ ...ctx, now: () => new Date(T0.getTime() + ms) });
    expect(await verifyToken({ ctx: at(59_000), token, ...play })).toEqual({ ok: true });
    expect(await verifyToken({ ctx: at(60_000), token, ...play })).toEqual({
      ok: false,
      reason: 'token expired',
    });
    expect(await verifyToken({ ctx, token, ...play, stream: 'cam2' })).toEqual({
      ok: false,
      reason: 'token is for another stream',
    });
    expect(await verifyToken({ ctx, token, ...play, app: 'other' })).toMatchObject({ ok: false });
    expect(await verifyToken({ ctx, token, ...play, action: 'publish' })).toEqual({
      ok: false,
      reason: 'token does not allow publish',
    });
  });

  it('refuses tampered, foreign, unsigned and garbage tokens as invalid', async () => {
    const ctx = await context();
    const { token } = await mintToken({ ctx, input: { ...play, ttlSeconds: 60 } });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, stream: 'other' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const otherKey = await mintToken({
      ctx: { ...ctx, tokenSecret: 'some-other-secret-that-is-long-enough!' },
      input: { ...play, ttlSeconds: 60 },
    });
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    for (const bad of [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${flipped}`,
      `${none}.${payload}.`,
      otherKey.token,
      'not-a-jwt',
      '',
      'a.b.c',
      'x'.repeat(10_000),
    ]) {
      expect(await verifyToken({ ctx, token: bad, ...play }), bad.slice(0, 40)).toEqual({
        ok: false,
        reason: 'invalid token',
      });
    }
  });

  it('refuses a JWT signed with the right key but not issued by this API, or without expiry', async () => {
    const ctx = await context({ tokenSecret: SECRET });
    const key = new TextEncoder().encode(SECRET);
    const sign = (iss: string | undefined, exp: boolean) => {
      const jwt = new SignJWT({ ...play }).setProtectedHeader({ alg: 'HS256' });
      if (iss !== undefined) jwt.setIssuer(iss);
      if (exp) jwt.setExpirationTime(Math.floor(T0.getTime() / 1000) + 60);
      return jwt.sign(key);
    };
    expect(await verifyToken({ ctx, token: await sign(TOKEN_ISSUER, true), ...play })).toEqual({ ok: true });
    for (const token of [
      await sign('someone-else', true),
      await sign(undefined, true),
      await sign(TOKEN_ISSUER, false),
    ]) {
      expect(await verifyToken({ ctx, token, ...play })).toEqual({ ok: false, reason: 'invalid token' });
    }
  });

  it('generates the key once, stores it, and every API instance on the database uses it', async () => {
    const ctx = await context();
    const { token } = await mintToken({ ctx, input: { ...play, ttlSeconds: 60 } });
    const rows = await ctx.db.select().from(settings).where(eq(settings.key, TOKEN_SECRET_SETTING));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value.length).toBeGreaterThanOrEqual(43);
    const restarted = { ...ctx, db: otherInstance(ctx.db) };
    expect(await verifyToken({ ctx: restarted, token, ...play })).toEqual({ ok: true });
  });

  it('instances racing to create the key agree on one', async () => {
    const ctx = await context();
    const a = { ...ctx, db: otherInstance(ctx.db) };
    const b = { ...ctx, db: otherInstance(ctx.db) };
    const [ta, tb] = await Promise.all([
      mintToken({ ctx: a, input: { ...play, ttlSeconds: 60 } }),
      mintToken({ ctx: b, input: { ...play, ttlSeconds: 60 } }),
    ]);
    expect(await verifyToken({ ctx: b, token: ta.token, ...play })).toEqual({ ok: true });
    expect(await verifyToken({ ctx: a, token: tb.token, ...play })).toEqual({ ok: true });
  });

  it('a configured secret wins over the stored one and never touches the database', async () => {
    const ctx = await context({ tokenSecret: SECRET });
    const { token } = await mintToken({ ctx, input: { ...play, ttlSeconds: 60 } });
    expect(await ctx.db.select().from(settings)).toEqual([]);
    expect(await verifyToken({ ctx: { ...ctx, tokenSecret: undefined }, token, ...play })).toMatchObject({
      ok: false,
    });
    expect(await verifyToken({ ctx: { ...ctx, db: otherInstance(ctx.db) }, token, ...play })).toEqual({
      ok: true,
    });
  });
});
