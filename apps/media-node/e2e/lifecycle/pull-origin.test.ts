import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from '../support/ffmpeg.ts';
import { createPull, setPolicy } from '../support/lifecycle-api.ts';
import { isListed, startLifecycleStack } from '../support/lifecycle-stack.ts';
import { type Origin, startOrigin } from '../support/node-process.ts';
import { mediaFrames, PLAYER_PROTOCOLS, type TestPlayer, timestampRegression } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

// One second of the fixture's 25 fps video.
const ONE_SECOND_OF_VIDEO = 25;

describe.skipIf(!hasTool('ffmpeg'))('pulling from another media node process', () => {
  let stack: Stack;
  let origin: Origin;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    stack = await startLifecycleStack();
    origin = await startOrigin();
  });
  afterEach(async () => {
    for (const p of players.splice(0)) p.close();
    await stopAll();
  });
  afterAll(async () => {
    await origin?.close();
    await stack?.close();
  });

  /** Publishes `origin/live/name` and waits until the origin's API lists it. */
  async function publishAtOrigin(name: string): Promise<void> {
    publish(origin.rtmpUrl('live', name), { loop: true });
    await waitFor(
      `the origin to list ${name}`,
      async () => (await origin.api.listStreams()).some((r) => r.stream === name),
      15_000,
    );
  }

  /** A player held on node 1 until the pull has the stream; it must play real video. */
  async function heldPlayerPlays(open: () => TestPlayer, app: string, stream: string): Promise<void> {
    const player = open();
    players.push(player);
    await waitFor(
      'a second of video through the pull',
      () => {
        if (player.endedAt !== undefined) throw new Error(`player ended: ${player.outcome} ${player.detail}`);
        return mediaFrames(player).filter((f) => f.kind === 'video').length >= ONE_SECOND_OF_VIDEO;
      },
      20_000,
    );
    const media = mediaFrames(player);
    expect(media[0]).toMatchObject({ kind: 'video', keyframe: true });
    expect(timestampRegression(player.frames)).toBeUndefined();
    expect(player.outcome).toBe('playing');
    expect(await isListed(stack, app, stream)).toBe(true);
  }

  describe.each(PLAYER_PROTOCOLS)('played over $name', (proto) => {
    it('pulls over RTMP from a `*` source with a {stream} placeholder', async () => {
      const app = `po-rtmp-${proto.name}`;
      const name = `cam-rtmp-${proto.name}`;
      await publishAtOrigin(name);
      await setPolicy(stack.api, app, { maxStreamWaitMs: 15_000 });
      await createPull(stack.api, {
        app,
        stream: '*',
        url: `rtmp://127.0.0.1:${origin.node.rtmpPort}/live/{stream}`,
      });
      await heldPlayerPlays(() => proto.open(stack.node, app, name), app, name);
    });

    it('pulls over HTTP-FLV from an exact source', async () => {
      const app = `po-flv-${proto.name}`;
      const name = `cam-flv-${proto.name}`;
      await publishAtOrigin(name);
      await setPolicy(stack.api, app, { maxStreamWaitMs: 15_000 });
      await createPull(stack.api, { app, stream: name, url: origin.flvUrl('live', name) });
      await heldPlayerPlays(() => proto.open(stack.node, app, name), app, name);
    });
  });
});
