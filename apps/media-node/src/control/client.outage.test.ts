import { startTestControlApi, waitFor } from '@mediaplane/control-api/test/harness.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyUnavailableError } from '../core/errors.ts';
import type { VideoConfig } from '../core/frame.ts';
import type { AccessRequest } from '../core/policy.ts';
import { createControlClient } from './client.ts';
import { closedPort, manualClock, startCannedServer } from './testing/canned-server.ts';

const video: VideoConfig = { kind: 'video', codec: 'h264', record: Buffer.alloc(0), width: 320, height: 240 };
const key = (stream: string) => ({ vhost: '__defaultVhost__', app: 'live', stream });
const request: AccessRequest = {
  ...key('cam'),
  params: {},
  protocol: 'rtmp',
  sessionId: 's',
  ip: '127.0.0.1',
};

function memoryLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => lines.push({ level, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('control client when the API is unavailable', () => {
  it('fails closed at once when nothing listens (no waiting for the timeout)', async () => {
    const port = await closedPort();
    // A timeout longer than the test's own: passing proves the refusal did not wait for it.
    const c = createControlClient({
      baseUrl: `http://127.0.0.1:${port}`,
      nodeId: 'n',
      timeoutMs: 120_000,
      log: memoryLog(),
    });
    cleanups.push(() => c.close());
    const err = await c.authorizePublish(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('allows when failing open, and logs it', async () => {
    const port = await closedPort();
    const log = memoryLog();
    const c = createControlClient({
      baseUrl: `http://127.0.0.1:${port}`,
      nodeId: 'n',
      failPolicy: 'open',
      log,
    });
    cleanups.push(() => c.close());
    await expect(c.authorizePlay(request)).resolves.toBeUndefined();
    expect(log.lines.some((l) => l.level === 'warn' && /allowing/.test(l.msg))).toBe(true);
  });

  it('opens the breaker after N timeouts, then fails fast without calling the API, then probes once', async () => {
    const server = await startCannedServer(() => 'hang');
    cleanups.push(() => server.close());
    const clock = manualClock();
    const c = createControlClient({
      baseUrl: server.url,
      nodeId: 'n',
      timeoutMs: 150,
      breaker: { failureThreshold: 2, cooldownMs: 10_000 },
      now: clock.now,
      log: memoryLog(),
    });
    cleanups.push(() => c.close());

    for (let i = 0; i < 2; i++) {
      await expect(c.authorizePublish(request)).rejects.toThrow(/timed out/);
    }
    expect(c.breakerState).toBe('open');
    await expect(c.authorizePublish(request)).rejects.toThrow(/circuit open/);
    await expect(c.authorizePlay(request)).rejects.toThrow(/circuit open/);
    expect(server.requests).toHaveLength(2);

    clock.advance(10_000);
    const probe = c.authorizePublish(request);
    // While the probe is out, everyone else still fails fast.
    await expect(c.authorizePlay(request)).rejects.toThrow(/circuit open/);
    await expect(probe).rejects.toThrow(/timed out/);
    expect(server.requests).toHaveLength(3);
    expect(c.breakerState).toBe('open');
    await expect(c.authorizePublish(request)).rejects.toThrow(/circuit open/);
    expect(server.requests).toHaveLength(3);
  });

  it('recovers when the API comes back on the same port, and the table catches up', async () => {
    const api = await startTestControlApi();
    cleanups.push(() => api.close());
    const clock = manualClock();
    const nodeId = 'node-outage';
    const c = createControlClient({
      baseUrl: api.url,
      nodeId,
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
      retry: { baseDelayMs: 10, maxDelayMs: 100 },
      now: clock.now,
      log: memoryLog(),
    });
    cleanups.push(() => c.close());

    c.streamRegistered(key('before'), [video]);
    await waitFor(async () => (await api.listStreams()).length === 1, { what: 'first stream' });

    await api.stop();
    await expect(c.authorizePublish(request)).rejects.toThrow(PolicyUnavailableError);
    await expect(c.authorizePublish(request)).rejects.toThrow(PolicyUnavailableError);
    expect(c.breakerState).toBe('open');
    c.streamUnregistered(key('before'));
    c.streamRegistered(key('during'), [video]);
    c.streamRegistered(key('gone'), [video]);
    c.streamUnregistered(key('gone'));

    await api.restart();
    clock.advance(60_000);
    await waitFor(
      async () => {
        await c.authorizePublish(request);
        return true;
      },
      { what: 'authorize to succeed again' },
    );
    expect(c.breakerState).toBe('closed');
    await waitFor(
      async () =>
        (await api.listStreams()).map((r) => `${r.nodeId}/${r.stream}`).join() === `${nodeId}/during`,
      {
        what: 'the table to show only "during"',
      },
    );
  });

  it('close() gives up on undelivered events instead of hanging', async () => {
    const port = await closedPort();
    const c = createControlClient({
      baseUrl: `http://127.0.0.1:${port}`,
      nodeId: 'n',
      timeoutMs: 100,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      log: memoryLog(),
    });
    c.streamRegistered(key('never'), [video]);
    const registered = c.register({ version: '1' });
    await c.close();
    expect(await registered).toBe(false);
  });
});
