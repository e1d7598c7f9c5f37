import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { notFoundReport, noViewersReport } from '../../../../test/node-reports.ts';

describe('stream reports refuse bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  async function expect400(path: string, body: unknown, field: string): Promise<void> {
    const res = await t.app.request(path, postJson(body));
    expect(res.status).toBe(400);
    const err = ErrorBody.parse(await res.json());
    expect(err.error.code).toBe('BAD_REQUEST');
    expect(err.error.message).toContain(field);
    expect(err.error.requestId).toBe(res.headers.get('x-request-id'));
  }
  const notFound = '/node/v1/streams/not-found';
  const noViewers = '/node/v1/streams/no-viewers';

  it.each([
    [{ ...notFoundReport('n', 'live', 'cam'), protocol: 'smoke-signals' }, "'protocol'"],
    [{ ...notFoundReport('n', 'live', 'cam'), nodeId: '' }, "'nodeId'"],
    [{ ...notFoundReport('n', 'live', 'cam'), params: { token: 5 } }, "'params.token'"],
    [{ ...notFoundReport('n', 'live', 'cam'), stream: undefined }, "'stream'"],
    [[notFoundReport('n', 'live', 'cam')], '(body)'],
  ])('not-found: %j is refused naming %s', async (body, field) => {
    await expect400(notFound, body, field);
  });

  it.each([
    [{ ...noViewersReport('n', 'live', 'cam'), idleMs: -1 }, "'idleMs'"],
    [{ ...noViewersReport('n', 'live', 'cam'), idleMs: 1.5 }, "'idleMs'"],
    [{ ...noViewersReport('n', 'live', 'cam'), source: 'magic' }, "'source'"],
    [{ ...noViewersReport('n', 'live', 'cam'), app: '' }, "'app'"],
  ])('no-viewers: %j is refused naming %s', async (body, field) => {
    await expect400(noViewers, body, field);
  });

  it.each([notFound, noViewers])('%s refuses a body that is not JSON', async (path) => {
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    expect(ErrorBody.parse(await res.json()).error.message).toMatch(/not valid JSON/);
  });

  it('not-found refuses an oversized body', async () => {
    const body = notFoundReport('n', 'live', 'cam', { params: { pad: 'x'.repeat(1024 * 1024) } });
    await expect400(notFound, body, 'exceeds');
  });

  it.each([notFound, noViewers])('GET %s is not a route', async (path) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(404);
  });
});
