import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from '../support/ffmpeg.ts';
import { createPull, type Hooks, setPolicy, subscribe } from '../support/lifecycle-api.ts';
import { isListed, startLifecycleStack } from '../support/lifecycle-stack.ts';
import { type Origin, startOrigin } from '../support/node-process.ts';
import { httpFlvPlayer, mediaFrames, type TestPlayer, timestampRegression } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

// One second of the fixture's 25 fps video.
const ONE_SECOND_OF_VIDEO = 25;
// The origin's publisher is away this long; the edge holds its pulled stream 8 s.
const GAP_MS = 2000;
const EDGE_WINDOW_MS = 8000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasTool('ffmpeg'))('an edge re-pulls an orphaned pulled stream', () => {
  let edge: Stack;
  let origin: Origin;
  let hooks: Hooks;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    edge = await startLifecycleStack();
    origin = await startOrigin();
    hooks = await subscribe(edge.api, ['stream.unpublished']);
  });
  afterEach(async () => {
    for (const p of players.splice(0)) p.close();
    await stopAll();
  });
  afterAll(async () => {
    await hooks?.close();
    await origin?.close();
    await edge?.close();
  });

  it.each([
    { kind: 'rtmp', url: (o: Origin, app: string, s: string) => o.rtmpUrl(app, s) },
    { kind: 'http-flv', url: (o: Origin, app: string, s: string) => o.flvUrl(app, s) },
  ])('over $kind: the origin’s publisher killed and back 2 s later, the edge player goes on', async ({
    kind,
    url,
  }) => {
    const originApp = `rp-origin-${kind}`;
    const app = `rp-edge-${kind}`;
    const name = 'cam';
    // The origin has no continuity of its own: the kill ends its stream and so the edge's pull, and
    // it holds the edge's re-pull plays (maxStreamWaitMs, default 15 s) until ffmpeg is back.
    await setPolicy(origin.api, originApp, { continuePushMs: 0 });
    await setPolicy(edge.api, app, { maxStreamWaitMs: 15_000, continuePushMs: EDGE_WINDOW_MS });
    await createPull(edge.api, { app, stream: name, url: url(origin, originApp, name) });
    const ffmpeg = publish(origin.rtmpUrl(originApp, name), { loop: true });
    await waitFor(
      'the origin to list the stream',
      async () => (await origin.api.listStreams()).some((r) => r.app === originApp),
      15_000,
    );

    const player = httpFlvPlayer.open(edge.node, app, name);
    players.push(player);
    await waitFor(
      'a second of video at the edge player',
      () => mediaFrames(player).filter((f) => f.kind === 'video').length >= ONE_SECOND_OF_VIDEO,
      20_000,
    );

    await ffmpeg.stop('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'the origin to drop the stream',
      async () => !(await origin.api.listStreams()).some((r) => r.app === originApp),
      10_000,
    );
    await sleep(Math.max(0, killedAt + GAP_MS - Date.now()));
    expect(player.closed, player.detail).toBe(false);
    const restartedAt = Date.now();
    publish(origin.rtmpUrl(originApp, name), { loop: true });

    await waitFor(
      'a second of video from the restarted publisher on the same edge connection',
      () => {
        if (player.closed) throw new Error(`player closed: ${player.detail}`);
        const fresh = mediaFrames(player).filter((f) => f.kind === 'video' && f.at > restartedAt);
        return fresh.length >= ONE_SECOND_OF_VIDEO;
      },
      15_000,
    );
    expect(player.outcome).toBe('playing');
    expect(timestampRegression(player.frames)).toBeUndefined();
    // The edge re-pulled (its first pull ended with the origin's stream) and never ended its stream.
    expect(edge.logs.some((l) => l.includes('pull resumed') && l.includes(`${app}/${name}`))).toBe(true);
    expect(await isListed(edge, app, name)).toBe(true);
    expect(hooks.of('stream.unpublished', app)).toEqual([]);
  });
});
