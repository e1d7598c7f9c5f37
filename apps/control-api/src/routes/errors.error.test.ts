import { ErrorBody, Health } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registered } from '../../test/factories.ts';
import { createTestApp, createTestDatabase, memoryLogger } from '../../test/harness.ts';
import { buildApp } from '../app.ts';

describe('app-wide behaviour', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it('GET /health answers ok', async () => {
    const res = await t.app.request('/health');
    expect(res.status).toBe(200);
    expect(Health.parse(await res.json())).toEqual({ ok: true });
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.app.request('/nope');
    expect(res.status).toBe(404);
    expect(ErrorBody.parse(await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await t.app.request('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await t.app.request('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each request its own id', async () => {
    const a = await t.app.request('/health');
    const b = await t.app.request('/health');
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});

describe('unexpected failures', () => {
  it('map to INTERNAL 500 without leaking details, and are logged', async () => {
    const database = await createTestDatabase();
    const log = memoryLogger();
    const app = buildApp({ db: database.db, log });
    await database.cleanup(); // Every query now fails inside the driver.
    const res = await app.request('/node/v1/events', postJson(registered('n1', 'cam', Date.now())));
    expect(res.status).toBe(500);
    const body = ErrorBody.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(log.lines.some((l) => l.level === 'error' && l.fields?.requestId === body.error.requestId)).toBe(
      true,
    );
    // Routes that need no database still work (authorize reads the app policy, so it is not one).
    expect((await app.request('/health')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
  });
});
