import { ErrorBody, PullList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { jsonInit } from '../../../../../test/public-api.ts';

describe('POST /v1/pulls refuses unsafe or malformed sources', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each([
    ['file:///etc/passwd', /scheme 'file'/],
    ['rtmp://127.0.0.1/live', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['rtmp://[::ffff:192.168.0.1]/live', /private/],
    ['rtmp://localhost/live', /local name/],
    ['http://a%zz:pw-secret@example.com/x.flv', /credentials are not valid percent-encoding/],
    ['', /'url'/],
  ])('%s', async (url, why) => {
    const res = await t.app.request('/v1/pulls', jsonInit('POST', { app: 'live', stream: '*', url }, t.auth));
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(await res.json());
    expect(body.error.message).toContain("'url'");
    expect(body.error.message).toMatch(why);
    expect(body.error.message).not.toContain('pw-secret');
    const list = PullList.parse(await (await t.app.request('/v1/pulls', { headers: t.auth })).json());
    expect(list.data).toEqual([]);
  });

  it('deleting an unknown id is a 404 with the error shape', async () => {
    const res = await t.app.request('/v1/pulls/pull_nope', { method: 'DELETE', headers: t.auth });
    expect(res.status).toBe(404);
    expect(ErrorBody.parse(await res.json()).error.code).toBe('NOT_FOUND');
  });
});
