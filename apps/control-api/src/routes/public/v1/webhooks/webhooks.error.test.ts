import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('/v1/webhooks errors', () => {
  let t: TestApp;
  let lab: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ deps: { allowPrivateWebhookUrls: false } });
    lab = await createTestApp({ deps: { allowPrivateWebhookUrls: true } });
  });
  afterAll(async () => {
    await t.cleanup();
    await lab.cleanup();
  });

  async function expectError(res: Response, status: number, code: string, text?: string): Promise<void> {
    expect(res.status).toBe(status);
    const body = ErrorBody.parse(await res.json());
    expect(body.error.code).toBe(code);
    if (text !== undefined) expect(body.error.message).toContain(text);
  }
  const post = (body: unknown, app = t) => app.app.request('/v1/webhooks', jsonInit('POST', body, app.auth));

  it.each([
    ['GET', '/v1/webhooks'],
    ['POST', '/v1/webhooks'],
    ['DELETE', `/v1/webhooks/${UNKNOWN}`],
    ['GET', `/v1/webhooks/${UNKNOWN}/deliveries`],
  ])('%s %s refuses a missing or wrong key', async (method, path) => {
    await expectError(await t.app.request(path, { method }), 401, 'UNAUTHORIZED');
    const wrong = await t.app.request(path, { method, headers: { authorization: 'Bearer mp_nope' } });
    await expectError(wrong, 401, 'UNAUTHORIZED');
  });

  it.each([
    [{ events: ['stream.published'] }, "'url'"],
    [{ url: 'ftp://example.com/x', events: ['stream.published'] }, "'url'"],
    [{ url: 'not a url', events: ['stream.published'] }, "'url'"],
    [{ url: 'https://example.com/x' }, "'events'"],
    [{ url: 'https://example.com/x', events: [] }, "'events'"],
    [{ url: 'https://example.com/x', events: ['stream.exploded'] }, "'events.0'"],
    [{ url: 'https://example.com/x', events: ['node.online'], secret: 'short' }, "'secret'"],
    [
      { url: 'https://user:pw@example.com/x', events: ['node.online'] },
      "'url': must not contain credentials",
    ],
  ])('400s %j naming %s', async (body, field) => {
    await expectError(await post(body), 400, 'BAD_REQUEST', field);
  });

  it('400s a body that is not JSON', async () => {
    await expectError(await post('{nope'), 400, 'BAD_REQUEST', 'JSON');
  });

  it.each([
    'http://127.0.0.1:9000/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest',
    'http://[::1]/hook',
    'http://10.0.0.1/hook',
  ])('refuses the private target %s unless the operator allows private webhook URLs', async (url) => {
    await expectError(await post({ url, events: ['node.online'] }), 400, 'BAD_REQUEST', "'url': host");
    expect((await post({ url, events: ['node.online'] }, lab)).status).toBe(201);
  });

  it('404s unknown and malformed ids', async () => {
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      await expectError(
        await t.app.request(`/v1/webhooks/${id}`, { method: 'DELETE', headers: t.auth }),
        404,
        'NOT_FOUND',
        `'${id}'`,
      );
      await expectError(
        await t.app.request(`/v1/webhooks/${id}/deliveries`, { headers: t.auth }),
        404,
        'NOT_FOUND',
      );
    }
  });

  it('400s a bad ?limit naming it', async () => {
    const created = await post({ url: 'https://example.com/x', events: ['node.online'] });
    const { id } = (await created.json()) as { id: string };
    for (const q of ['?limit=0', '?limit=201', '?limit=lots']) {
      await expectError(
        await t.app.request(`/v1/webhooks/${id}/deliveries${q}`, { headers: t.auth }),
        400,
        'BAD_REQUEST',
        "'limit'",
      );
    }
  });
});
