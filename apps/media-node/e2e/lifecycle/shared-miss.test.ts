import { StreamNotFoundData } from '@mediaplane/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publish, stopAll } from '../support/ffmpeg.ts';
import {
  createPull,
  type Hooks,
  sessionsOf,
  setPolicy,
  settledCount,
  subscribe,
} from '../support/lifecycle-api.ts';
import { startLifecycleStack } from '../support/lifecycle-stack.ts';
import { type Origin, startOrigin } from '../support/node-process.ts';
import { mediaFrames, PLAYER_PROTOCOLS, type TestPlayer } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

const PLAYERS = 50;
// A second report would follow the first within moments; watch this long before calling it "one".
const SETTLE_MS = 1000;

describe.skipIf(!hasTool('ffmpeg'))('one miss, many players', () => {
  let stack: Stack;
  let origin: Origin;
  let hooks: Hooks;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    stack = await startLifecycleStack();
    origin = await startOrigin();
    hooks = await subscribe(stack.api, ['stream.not_found']);
  });
  afterEach(async () => {
    for (const p of players.splice(0)) p.close();
    await stopAll();
  });
  afterAll(async () => {
    await hooks?.close();
    await origin?.close();
    await stack?.close();
  });

  const openMany = (open: () => TestPlayer): TestPlayer[] => {
    const opened = Array.from({ length: PLAYERS }, open);
    players.push(...opened);
    return opened;
  };
  const allPlay = (group: readonly TestPlayer[]) =>
    waitFor(
      `all ${PLAYERS} players to get a keyframe`,
      () => group.every((p) => mediaFrames(p).some((f) => f.kind === 'video' && f.keyframe)),
      30_000,
    );

  describe.each(PLAYER_PROTOCOLS)('over $name', (proto) => {
    it('50 held players make one report: exactly one stream.not_found webhook', async () => {
      const app = `miss-${proto.name}`;
      await setPolicy(stack.api, app, { maxStreamWaitMs: 20_000 });
      const group = openMany(() => proto.open(stack.node, app, 'shared'));
      await waitFor('every play request to be sent', () => group.every((p) => p.requestedAt !== undefined));
      await waitFor(
        'the stream.not_found webhook',
        () => hooks.of('stream.not_found', app).length > 0,
        10_000,
      );
      expect(await settledCount(() => hooks.of('stream.not_found', app).length, SETTLE_MS)).toBe(1);
      const data = StreamNotFoundData.parse(hooks.of('stream.not_found', app)[0]!.data);
      expect(data).toMatchObject({
        stream: 'shared',
        nodeId: stack.nodeId,
        protocol: proto.name,
        decision: 'wait',
      });
      expect(group.filter((p) => p.outcome !== 'pending').map((p) => p.detail)).toEqual([]);

      // The shared wait ends for everyone when the stream comes.
      publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/${app}/shared`, { loop: true });
      await allPlay(group);
    });

    it('with a matching pull source, the origin serves exactly one pull and all 50 play', async () => {
      const app = `miss-pull-${proto.name}`;
      const source = `src-${proto.name}`;
      publish(origin.rtmpUrl('live', source), { loop: true });
      await waitFor(
        'the origin to list its stream',
        async () => (await origin.api.listStreams()).some((r) => r.stream === source),
        15_000,
      );
      await setPolicy(stack.api, app, { maxStreamWaitMs: 20_000 });
      await createPull(stack.api, { app, stream: 'shared', url: origin.rtmpUrl('live', source) });

      const group = openMany(() => proto.open(stack.node, app, 'shared'));
      await allPlay(group);
      const pullsAtOrigin = async () =>
        (await sessionsOf(origin.api, 'live', source)).filter((s) => s.role === 'player').length;
      await waitFor('the pull as a player session at the origin', async () => (await pullsAtOrigin()) > 0);
      expect(await settledCount(pullsAtOrigin, SETTLE_MS)).toBe(1);
      await waitFor('the stream.not_found webhook', () => hooks.of('stream.not_found', app).length > 0);
      expect(await settledCount(() => hooks.of('stream.not_found', app).length, SETTLE_MS)).toBe(1);
      expect(StreamNotFoundData.parse(hooks.of('stream.not_found', app)[0]!.data).decision).toBe('pull');
    });
  });
});
