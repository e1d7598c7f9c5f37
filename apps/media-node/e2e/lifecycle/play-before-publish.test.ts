import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from '../support/ffmpeg.ts';
import { setPolicy } from '../support/lifecycle-api.ts';
import { startLifecycleStack } from '../support/lifecycle-stack.ts';
import { PLAYER_PROTOCOLS, type TestPlayer } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

// The scenario: the player asks 3 s before anyone publishes.
const HEAD_START_MS = 3000;

describe.skipIf(!hasTool('ffmpeg'))('play before publish', () => {
  let stack: Stack;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    stack = await startLifecycleStack();
  });
  afterEach(async () => {
    for (const p of players.splice(0)) p.close();
    await stopAll();
  });
  afterAll(() => stack?.close());

  describe.each(PLAYER_PROTOCOLS)('over $name', (proto) => {
    it('a player held 3 s before the publisher gets a keyframe within 1 s of ffmpeg starting', async () => {
      const app = `pbp-${proto.name}`;
      await setPolicy(stack.api, app, { maxStreamWaitMs: 10_000 });
      const player = proto.open(stack.node, app, 'cam');
      players.push(player);
      await waitFor('the play request to be sent', () => player.requestedAt !== undefined);
      await new Promise((r) => setTimeout(r, HEAD_START_MS));
      expect(player.outcome, player.detail).toBe('pending');
      expect(player.closed).toBe(false);

      const spawnedAt = Date.now();
      publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/${app}/cam`, { loop: true });
      const frames = await waitFor(
        'the first media frame at the held player',
        () => {
          const seen = player.frames;
          return seen.some((f) => f.kind !== 'script' && !f.config) && seen;
        },
        10_000,
      );
      const i = frames.findIndex((f) => f.kind !== 'script' && !f.config);
      const first = frames[i]!;
      expect(player.outcome).toBe('playing');
      expect(first).toMatchObject({ kind: 'video', keyframe: true });
      // Sequence headers come first, so the keyframe is decodable.
      expect(frames.slice(0, i).some((f) => f.kind === 'video' && f.config)).toBe(true);
      expect(first.at - spawnedAt, 'ms from spawning ffmpeg to the first frame').toBeLessThanOrEqual(1000);
    });
  });
});
