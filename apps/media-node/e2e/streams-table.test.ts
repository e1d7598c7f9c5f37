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

  it('removes the row when the publisher is killed without a clean stop', async () => {
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/killed`, { loop: true });
    await waitFor('the streams row', async () =>
      (await stack.api.listStreams()).some((r) => r.stream === 'killed'),
    );
    await ffmpeg.stop('SIGKILL');
    await waitFor('the streams row to go', async () =>
      (await stack.api.listStreams()).every((r) => r.stream !== 'killed'),
    );
  });
});
