import { ErrorBody } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../../../test/closed-port.ts';
import { postJson, registration, uniqueNodeId } from '../../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../../test/harness.ts';
import { sessionBatch, sessionEnded, sessionStarted } from '../../../../../test/node-reports.ts';
import { nodes } from '../../../../db/schema/index.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('/v1/sessions errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  async function expectError(res: Response, status: number, code: string, text?: string): Promise<void> {
    expect(res.status).toBe(status);
    const body = ErrorBody.parse(await res.json());
    expect(body.error.code).toBe(code);
    if (text !== undefined) expect(body.error.message).toContain(text);
  }
  const kick = (id: string) => t.app.request(`/v1/sessions/${id}`, { method: 'DELETE', headers: t.auth });

  it.each([
    ['GET', '/v1/sessions'],
    ['DELETE', '/v1/sessions/x'],
  ])('%s %s refuses a missing or wrong key', async (method, path) => {
    await expectError(await t.app.request(path, { method }), 401, 'UNAUTHORIZED');
    const wrong = await t.app.request(path, { method, headers: { authorization: 'Bearer mp_nope' } });
    await expectError(wrong, 401, 'UNAUTHORIZED');
  });

  it('names an empty filter', async () => {
    await expectError(
      await t.app.request('/v1/sessions?app=', { headers: t.auth }),
      400,
      'BAD_REQUEST',
      "'app'",
    );
  });

  it('404s an unknown or ended session', async () => {
    await expectError(await kick('nobody'), 404, 'NOT_FOUND', "'nobody'");
    const node = uniqueNodeId();
    const s = sessionStarted(`ended-${node}`, 'cam', T0);
    const res = await t.app.request('/node/v1/sessions', postJson(sessionBatch(node, s, sessionEnded(s, 5))));
    expect(res.status).toBe(200);
    await expectError(await kick(s.sessionId), 404, 'NOT_FOUND');
  });

  it('503s when the node cannot be reached, or is offline', async () => {
    const node = uniqueNodeId();
    const port = await closedPort();
    const reg = registration(node, { urls: { http: `http://127.0.0.1:${port}` } });
    expect((await t.app.request('/node/v1/register', postJson(reg))).status).toBe(200);
    const s = sessionStarted(`s-${node}`, 'cam', T0);
    expect((await t.app.request('/node/v1/sessions', postJson(sessionBatch(node, s)))).status).toBe(200);
    await expectError(await kick(s.sessionId), 503, 'UNAVAILABLE', 'unreachable');
    await t.db.update(nodes).set({ online: false }).where(eq(nodes.id, node));
    await expectError(await kick(s.sessionId), 503, 'UNAVAILABLE', 'offline');
  });
});
