import { ErrorBody } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeRequest, postJson } from '../../../../test/factories.ts';
import { createTestApp } from '../../../../test/harness.ts';

describe('POST /node/v1/authorize with bad input', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  async function badRequest(init: RequestInit): Promise<ErrorBody> {
    const res = await t.app.request('/node/v1/authorize', init);
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(await res.json());
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    return body;
  }

  it('names a missing field', async () => {
    const { stream: _stream, ...rest } = authorizeRequest();
    const body = await badRequest(postJson(rest));
    expect(body.error.message).toContain("'stream'");
  });

  it('names an invalid enum value', async () => {
    const body = await badRequest(postJson({ ...authorizeRequest(), action: 'delete' }));
    expect(body.error.message).toContain("'action'");
  });

  it('names a nested field', async () => {
    const body = await badRequest(postJson({ ...authorizeRequest(), params: { token: 5 } }));
    expect(body.error.message).toContain("'params.token'");
  });

  it('rejects a body that is not JSON', async () => {
    const body = await badRequest({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('rejects an oversized body', async () => {
    const body = await badRequest(
      postJson({ ...authorizeRequest(), params: { pad: 'x'.repeat(1024 * 1024) } }),
    );
    expect(body.error.message).toMatch(/exceeds/);
  });

  it('rejects a JSON body that is not an object', async () => {
    const body = await badRequest(postJson([1, 2]));
    expect(body.error.message).toContain('(body)');
  });
});
