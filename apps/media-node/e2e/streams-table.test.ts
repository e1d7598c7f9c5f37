import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from './support/ffmpeg.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

describe.skipIf(!hasTool('ffmpeg'))('the control API knows which node has which stream', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stopAll();
    await stack?.close();
  });

  it('lists the live stream with its node while it publishes, and not after', async () => {
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/table`, { loop: true });
    const row = await waitFor('the streams row', async () =>
      (await stack.api.listStreams()).find((r) => r.app === 'live' && r.stream === 'table'),
    );
    expect(row.nodeId).toBe(stack.nodeId);
    expect(row.vhost).toBe('__defaultVhost__');
    expect(JSON.stringify(row.tracks)).toContain('h264');

    await ffmpeg.stop('SIGINT');
    await waitFor('the streams row to go', async () =>
      (await stack.api.listStreams()).every((r) => r.stream !== 'table'),
    );
  });

  it('keeps the row while a killed publisher may come back (continuePushMs), then removes it', async () => {
    // The app holds a dropped stream 2 s (the default is 15 s) so the test sees both sides quickly.
    const res = await fetch(`${stack.api.url}/v1/apps/held/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ continuePushMs: 2000 }),
    });
    expect(res.status).toBe(200);
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/held/killed`, { loop: true });
    await waitFor('the streams row', async () =>
      (await stack.api.listStreams()).some((r) => r.stream === 'killed'),
    );
    await ffmpeg.stop('SIGKILL');
    await waitFor('the publisher session to end', () =>
      stack.node.sessions.list().every((s) => s.key.stream !== 'killed'),
    );
    // Held, not gone: the stream is still registered on the node and listed by the API.
    expect(
      stack.node.registry.get({ vhost: '__defaultVhost__', app: 'held', stream: 'killed' }),
    ).toBeDefined();
    expect((await stack.api.listStreams()).some((r) => r.stream === 'killed')).toBe(true);
    await waitFor('the streams row to go', async () =>
      (await stack.api.listStreams()).every((r) => r.stream !== 'killed'),
    );
  });
});
