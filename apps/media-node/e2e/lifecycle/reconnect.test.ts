import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Publisher, publish, stopAll } from '../support/ffmpeg.ts';
import { createdAtMs, type Hooks, setPolicy, subscribe } from '../support/lifecycle-api.ts';
import { isListed, startLifecycleStack } from '../support/lifecycle-stack.ts';
import {
  mediaFrames,
  PLAYER_PROTOCOLS,
  type PlayerProtocol,
  type TestPlayer,
  timestampRegression,
} from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

// The scenario: back after 3 s within a 5 s window; away 4 s with a 2 s window.
const SHORT_GAP_MS = 3000;
const LONG_GAP_MS = 4000;
const WINDOW_MS = 5000;
const SHORT_WINDOW_MS = 2000;
const ONE_SECOND_OF_VIDEO = 25;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasTool('ffmpeg'))('publisher reconnect continuity', () => {
  let stack: Stack;
  let hooks: Hooks;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    stack = await startLifecycleStack();
    hooks = await subscribe(stack.api, ['stream.published', 'stream.unpublished']);
  });
  afterEach(async () => {
    for (const p of players.splice(0)) p.close();
    await stopAll();
  });
  afterAll(async () => {
    await hooks?.close();
    await stack?.close();
  });

  const url = (app: string) => `rtmp://127.0.0.1:${stack.node.rtmpPort}/${app}/cam`;

  /** Publishes `app/cam` and opens one player that is receiving video. */
  async function live(
    proto: PlayerProtocol,
    app: string,
  ): Promise<{ ffmpeg: Publisher; player: TestPlayer }> {
    const ffmpeg = publish(url(app), { loop: true });
    await waitFor('the stream to be listed', () => isListed(stack, app, 'cam'), 15_000);
    const player = proto.open(stack.node, app, 'cam');
    players.push(player);
    await waitFor('video at the player', () => mediaFrames(player).some((f) => f.kind === 'video'), 10_000);
    return { ffmpeg, player };
  }

  /** After the publisher went away: wait the gap, publish again, and expect the same player to go on. */
  async function bridged(app: string, player: TestPlayer, gapMs: number): Promise<Publisher> {
    await sleep(gapMs);
    expect(player.closed, player.detail).toBe(false);
    const restartedAt = Date.now();
    const again = publish(url(app), { loop: true });
    await waitFor(
      'a second of video from the new publisher on the same connection',
      () => {
        if (player.closed) throw new Error(`player closed: ${player.detail}`);
        const fresh = mediaFrames(player).filter((f) => f.kind === 'video' && f.at > restartedAt);
        return fresh.length >= ONE_SECOND_OF_VIDEO;
      },
      15_000,
    );
    expect(player.outcome).toBe('playing');
    expect(timestampRegression(player.frames)).toBeUndefined();
    expect(hooks.of('stream.unpublished', app)).toEqual([]);
    return again;
  }

  describe.each(PLAYER_PROTOCOLS)('players over $name', (proto) => {
    it('kill -9, back after 3 s: players go on unbroken; a clean stop then ends the stream at once', async () => {
      const app = `rc-back-${proto.name}`;
      await setPolicy(stack.api, app, { continuePushMs: WINDOW_MS, continueOnCleanStop: false });
      const { ffmpeg, player } = await live(proto, app);
      await ffmpeg.stop('SIGKILL');
      const again = await bridged(app, player, SHORT_GAP_MS);

      await again.stop('SIGINT');
      const stoppedAt = Date.now();
      await waitFor('the player to be closed', () => player.closed, 10_000);
      // "At once": well inside the window a dropped publisher would get.
      expect(player.endedAt! - stoppedAt).toBeLessThan(WINDOW_MS / 2);
      await waitFor('stream.unpublished', () => hooks.of('stream.unpublished', app).length > 0);
      // One stream from first publish to the clean stop: registered once, unregistered once.
      expect(hooks.of('stream.published', app)).toHaveLength(1);
      expect(hooks.of('stream.unpublished', app)).toHaveLength(1);
    });

    it('kill -9, away 4 s with a 2 s window: players closed and stream.unpublished when the window ends', async () => {
      const app = `rc-gone-${proto.name}`;
      await setPolicy(stack.api, app, { continuePushMs: SHORT_WINDOW_MS, continueOnCleanStop: false });
      const { ffmpeg, player } = await live(proto, app);
      await ffmpeg.stop('SIGKILL');
      const killedAt = Date.now();
      await waitFor('the player to be closed', () => player.closed, 10_000);
      expect(player.endedAt! - killedAt).toBeGreaterThanOrEqual(SHORT_WINDOW_MS - 100);
      const [gone] = await waitFor(
        'stream.unpublished',
        () => hooks.of('stream.unpublished', app).length > 0 && hooks.of('stream.unpublished', app),
      );
      expect(createdAtMs(gone!) - killedAt).toBeGreaterThanOrEqual(SHORT_WINDOW_MS - 100);

      // Back after the gap: a new stream, announced afresh.
      await sleep(Math.max(0, killedAt + LONG_GAP_MS - Date.now()));
      publish(url(app), { loop: true });
      await waitFor(
        'a second stream.published',
        () => hooks.of('stream.published', app).length === 2,
        15_000,
      );
    });

    it('continueOnCleanStop: a clean stop is bridged like a drop', async () => {
      const app = `rc-clean-${proto.name}`;
      await setPolicy(stack.api, app, { continuePushMs: WINDOW_MS, continueOnCleanStop: true });
      const { ffmpeg, player } = await live(proto, app);
      await ffmpeg.stop('SIGINT');
      await bridged(app, player, SHORT_GAP_MS);
    });
  });
});
