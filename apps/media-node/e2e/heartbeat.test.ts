import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRtmp, type RtmpClient } from '../src/pull/rtmp/client.ts';
import { publish, stopAll } from './support/ffmpeg.ts';
import { playHttpFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

describe.skipIf(!hasTool('ffmpeg'))('heartbeats carry audiences and bitrates to the control API', () => {
  let stack: Stack;
  let rtmp: RtmpClient | undefined;
  beforeAll(async () => {
    stack = await startStack({ control: { heartbeatMs: 200 } });
  });
  afterAll(async () => {
    rtmp?.close();
    await stopAll();
    await stack?.close();
  });

  it('the streams row shows players per protocol and the input bitrate; the node row its load', async () => {
    publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/beat`, { loop: true });
    await waitFor('the stream row', async () =>
      (await stack.api.listStreams()).some((r) => r.stream === 'beat'),
    );
    const flv = playHttpFlv(stack.node.httpPort, '/live/beat.live.flv');
    try {
      rtmp = await connectRtmp(`rtmp://127.0.0.1:${stack.node.rtmpPort}/live/beat`);
      await rtmp.play('beat');
      const row = await waitFor('a heartbeat with both players and a bitrate', async () =>
        (await stack.api.listStreams()).find(
          (r) => r.stream === 'beat' && r.readers.total === 2 && r.bitrateKbps > 0,
        ),
      );
      expect(row.readers.byProtocol).toEqual({ rtmp: 1, 'http-flv': 1 });
      // The fixture is a few hundred kbit/s; anything wildly off means the rate math is wrong.
      expect(row.bitrateKbps).toBeGreaterThan(50);
      expect(row.bitrateKbps).toBeLessThan(20_000);
      const node = (await stack.api.listNodes()).find((n) => n.id === stack.nodeId);
      expect(node?.load.sessions).toBe(3);
      expect(node?.load.rssBytes).toBeGreaterThan(0);

      flv.close();
      await waitFor('the count to drop', async () =>
        (await stack.api.listStreams()).some((r) => r.stream === 'beat' && r.readers.total === 1),
      );
    } finally {
      flv.close();
    }
  });
});
