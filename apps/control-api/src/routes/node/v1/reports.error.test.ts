import { ErrorBody, MAX_SESSION_EVENTS } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { beatStream, heartbeat, sessionBatch, sessionStarted } from '../../../../test/node-reports.ts';

const SECRET = 'node-secret-for-report-tests';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const auth = { authorization: `Bearer ${SECRET}` };

describe('heartbeat and session reports refuse bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ nodeSecret: SECRET });
  });
  afterAll(() => t.cleanup());

  async function expect400(path: string, body: unknown, field: string): Promise<void> {
    const res = await t.app.request(path, postJson(body, auth));
    expect(res.status).toBe(400);
    const err = ErrorBody.parse(await res.json());
    expect(err.error.code).toBe('BAD_REQUEST');
    expect(err.error.message).toContain(field);
  }

  it.each([
    ['/node/v1/heartbeat', heartbeat('n', T0)],
    ['/node/v1/sessions', sessionBatch('n', sessionStarted('s', 'cam', T0))],
  ])('%s requires the node secret', async (path, body) => {
    const res = await t.app.request(path, postJson(body));
    expect(res.status).toBe(401);
    expect(ErrorBody.parse(await res.json()).error.code).toBe('UNAUTHORIZED');
    const wrong = await t.app.request(path, postJson(body, { authorization: 'Bearer nope-nope-nope' }));
    expect(wrong.status).toBe(401);
  });

  it('names a bad load field', async () => {
    const body = { ...heartbeat('n', T0), load: { cpuPercent: -1, rssBytes: 1, sessions: 0 } };
    await expect400('/node/v1/heartbeat', body, "'load.cpuPercent'");
  });

  it('names a bad reader count', async () => {
    const body = heartbeat('n', T0, [beatStream('cam', { readers: { total: 1.5, byProtocol: {} } })]);
    await expect400('/node/v1/heartbeat', body, "'streams.0.readers.total'");
  });

  it('names a missing clock', async () => {
    const { at: _at, ...body } = heartbeat('n', T0);
    await expect400('/node/v1/heartbeat', body, "'at'");
  });

  it('names an unknown session role', async () => {
    const bad = { ...sessionStarted('s', 'cam', T0), role: 'spectator' };
    await expect400('/node/v1/sessions', sessionBatch('n', bad as never), "'events.0.role'");
  });

  it('refuses an empty batch and one too large', async () => {
    await expect400('/node/v1/sessions', { nodeId: 'n', events: [] }, "'events'");
    const many = Array.from({ length: MAX_SESSION_EVENTS + 1 }, (_, i) => sessionStarted(`s${i}`, 'cam', T0));
    await expect400('/node/v1/sessions', sessionBatch('n', ...many), "'events'");
  });

  it('refuses a body that is not JSON', async () => {
    const res = await t.app.request('/node/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: '{nope',
    });
    expect(res.status).toBe(400);
  });
});
