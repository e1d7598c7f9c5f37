import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/closed-port.ts';
import { type FakeNode, startFakeNode } from '../../../test/fake-node.ts';
import { ServiceError } from '../errors.ts';
import { closeSessionOnNode, closeStreamOnNode } from './node-commands.ts';

const key = { vhost: '__defaultVhost__', app: 'live', stream: 'cam' };
const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not here', requestId: 'r' } } };

describe('node commands', () => {
  let fake: FakeNode;
  beforeAll(async () => {
    fake = await startFakeNode();
  });
  afterAll(() => fake.close());
  const node = () => ({ id: 'n1', urls: { http: `${fake.url}/` } });

  it('POSTs close-stream with the node secret and resolves true', async () => {
    fake.answer = () => ({ status: 200, body: { ok: true } });
    await expect(closeStreamOnNode(node(), key, { nodeSecret: 's3cret-value', reason: 'why' })).resolves.toBe(
      true,
    );
    expect(fake.received.at(-1)).toEqual({
      path: '/_node/v1/streams/close',
      authorization: 'Bearer s3cret-value',
      body: { ...key, reason: 'why' },
    });
  });

  it('POSTs close-session without a secret when none is configured', async () => {
    await expect(closeSessionOnNode(node(), 'sess-1')).resolves.toBe(true);
    expect(fake.received.at(-1)).toEqual({
      path: '/_node/v1/sessions/close',
      authorization: undefined,
      body: { sessionId: 'sess-1' },
    });
  });

  it('resolves false when the node does not hold the target', async () => {
    fake.answer = () => notFound;
    await expect(closeStreamOnNode(node(), key)).resolves.toBe(false);
    await expect(closeSessionOnNode(node(), 'gone')).resolves.toBe(false);
  });

  it('throws UNAVAILABLE when the node refuses the secret', async () => {
    fake.answer = () => ({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED', message: 'bad', requestId: 'r' } },
    });
    const err = await closeStreamOnNode(node(), key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 401') });
  });

  it('throws UNAVAILABLE for an unreachable node and one without an HTTP URL', async () => {
    const port = await closedPort();
    await expect(
      closeSessionOnNode({ id: 'dead', urls: { http: `http://127.0.0.1:${port}` } }, 's'),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining("'dead' unreachable") });
    await expect(closeSessionOnNode({ id: 'bare', urls: {} }, 's')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
