import { startTestControlApi, type TestControlApi, waitFor } from '@mediaplane/control-api/test/harness.ts';
import { DEFAULT_APP_POLICY } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthDeniedError, PolicyUnavailableError } from '../core/errors.ts';
import type { AudioConfig, VideoConfig } from '../core/frame.ts';
import type { AccessRequest } from '../core/policy.ts';
import { type ControlClient, type ControlClientOptions, createControlClient } from './client.ts';
import { startCannedServer } from './testing/canned-server.ts';

const SECRET = 'node-secret-for-tests';
const video: VideoConfig = { kind: 'video', codec: 'h264', record: Buffer.alloc(0), width: 640, height: 360 };
const audio: AudioConfig = {
  kind: 'audio',
  codec: 'aac',
  record: Buffer.alloc(0),
  sampleRate: 48000,
  channels: 2,
};
const key = (stream: string) => ({ vhost: '__defaultVhost__', app: 'live', stream });
const request = (stream: string): AccessRequest => ({
  ...key(stream),
  params: { token: 't' },
  protocol: 'rtmp',
  sessionId: 's1',
  ip: '127.0.0.1',
});

function memoryLog() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push({ level, msg, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

let nodeCount = 0;

describe('control client against a real control API', () => {
  let api: TestControlApi;
  const clients: ControlClient[] = [];
  const client = (over: Partial<ControlClientOptions> = {}) => {
    const c = createControlClient({
      baseUrl: `${api.url}/`,
      nodeId: `node-${++nodeCount}`,
      nodeSecret: SECRET,
      log: memoryLog(),
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      ...over,
    });
    clients.push(c);
    return c;
  };
  const streamsOf = async (nodeId: string) =>
    (await api.listStreams())
      .filter((r) => r.nodeId === nodeId)
      .map((r) => ({ stream: r.stream, tracks: r.tracks }));

  beforeAll(async () => {
    api = await startTestControlApi({ nodeSecret: SECRET });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await api?.close();
  });

  it('gets allowed to publish and play (open policy)', async () => {
    const c = client();
    // The app's lifecycle settings come with every allowed decision (here the defaults).
    const { maxStreamWaitMs, noneReaderDelayMs, continuePushMs, continueOnCleanStop } = DEFAULT_APP_POLICY;
    const lifecycle = { maxStreamWaitMs, noneReaderDelayMs, continuePushMs, continueOnCleanStop };
    await expect(c.authorizePublish(request('cam'))).resolves.toEqual(lifecycle);
    await expect(c.authorizePlay(request('cam'))).resolves.toEqual(lifecycle);
    expect(c.breakerState).toBe('closed');
  });

  it('delivers stream events in order, so the table ends in the right state', async () => {
    const nodeId = 'node-order';
    const c = client({ nodeId });
    c.streamRegistered(key('a'), [video, audio]);
    c.streamUnregistered(key('a'));
    c.streamRegistered(key('a'), [audio]);
    c.streamRegistered(key('b'), [video]);
    c.streamUnregistered(key('b'));
    c.streamRegistered(key('c'), [video]);
    const expected = [
      { stream: 'a', tracks: [{ kind: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 }] },
      { stream: 'c', tracks: [{ kind: 'video', codec: 'h264', width: 640, height: 360 }] },
    ];
    // Settled once the last fact (c) is in and a carries its second registration's tracks.
    const rows = await waitFor(
      async () => {
        const r = await streamsOf(nodeId);
        return r.map((s) => s.stream).join() === 'a,c' && r[0]!.tracks.length === 1 && r;
      },
      { what: 'streams a and c' },
    );
    expect(rows).toEqual(expected);
  });

  it('register() replaces the node’s streams and marks it online', async () => {
    const nodeId = 'node-register';
    const c = client({ nodeId });
    c.streamRegistered(key('stale'), [video]);
    await waitFor(async () => (await streamsOf(nodeId)).length === 1, { what: 'stale stream' });
    const delivered = await c.register({
      version: '1.2.3',
      urls: { rtmp: 'rtmp://127.0.0.1:1935' },
      streams: [{ ...key('live-now'), tracks: [video] }],
    });
    expect(delivered).toBe(true);
    expect((await streamsOf(nodeId)).map((s) => s.stream)).toEqual(['live-now']);
    const node = (await api.listNodes()).find((n) => n.id === nodeId);
    expect(node).toMatchObject({ version: '1.2.3', online: true, urls: { rtmp: 'rtmp://127.0.0.1:1935' } });
  });

  it('close() delivers what is queued before returning', async () => {
    const nodeId = 'node-close';
    const c = createControlClient({ baseUrl: api.url, nodeId, nodeSecret: SECRET, log: memoryLog() });
    c.streamRegistered(key('x'), [video]);
    c.streamRegistered(key('y'), [audio]);
    await c.close();
    expect((await streamsOf(nodeId)).map((s) => s.stream)).toEqual(['x', 'y']);
    c.streamRegistered(key('z'), [video]); // Ignored after close.
    expect(await c.register({ version: '1' })).toBe(false);
  });

  it('with a wrong node secret refuses even when failing open, and says why', async () => {
    const log = memoryLog();
    const c = client({ nodeSecret: 'not-the-secret', failPolicy: 'open', log });
    await expect(c.authorizePublish(request('cam'))).rejects.toThrow(PolicyUnavailableError);
    expect(log.lines.some((l) => l.level === 'error' && l.fields?.code === 'UNAUTHORIZED')).toBe(true);
    expect(JSON.stringify(log.lines)).not.toContain('not-the-secret');
    expect(c.breakerState).toBe('closed');
  });
});

describe('control client decisions from a scripted API', () => {
  it('maps a deny to AuthDeniedError with the reason', async () => {
    const server = await startCannedServer(() => ({
      status: 200,
      body: { allow: false, reason: 'key revoked' },
    }));
    const c = createControlClient({ baseUrl: server.url, nodeId: 'n', log: memoryLog() });
    try {
      const err = await c.authorizePlay(request('cam')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthDeniedError);
      expect((err as Error).message).toBe('key revoked');
      expect(server.requests[0]).toMatchObject({
        path: '/node/v1/authorize',
        body: { action: 'play', nodeId: 'n', stream: 'cam', params: { token: 't' }, protocol: 'rtmp' },
      });
    } finally {
      await c.close();
      await server.close();
    }
  });

  it.each([
    ['a 500', { status: 500, body: { error: 'boom' } }],
    ['a 200 that is not a decision', { status: 200, body: { allowed: 'yes' } }],
    ['a 200 that is not JSON', { status: 200, body: '<html>' }],
  ])('treats %s as unavailable (fail closed)', async (_name, answer) => {
    const server = await startCannedServer(() => answer);
    const c = createControlClient({ baseUrl: server.url, nodeId: 'n', log: memoryLog() });
    try {
      await expect(c.authorizePublish(request('cam'))).rejects.toThrow(PolicyUnavailableError);
    } finally {
      await c.close();
      await server.close();
    }
  });

  it('sends the node secret as a bearer token', async () => {
    const server = await startCannedServer(() => ({ status: 200, body: { allow: true } }));
    const c = createControlClient({
      baseUrl: server.url,
      nodeId: 'n',
      nodeSecret: 's3cret',
      log: memoryLog(),
    });
    try {
      await c.authorizePublish(request('cam'));
      expect(server.requests.map((r) => r.authorization)).toEqual(['Bearer s3cret']);
    } finally {
      await c.close();
      await server.close();
    }
  });
});
