import { StreamNoViewersData } from '@mediaplane/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionServer, startDecisionServer } from '../support/decision-server.ts';
import { type Publisher, publish, stopAll } from '../support/ffmpeg.ts';
import { createdAtMs, type Hooks, setPolicy, subscribe } from '../support/lifecycle-api.ts';
import { isListed, startLifecycleStack } from '../support/lifecycle-stack.ts';
import { mediaFrames, PLAYER_PROTOCOLS, type PlayerProtocol } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';
import { hasTool } from '../support/tools.ts';

const DELAY_MS = 2000;
const exited = (p: Publisher) => p.proc.exitCode !== null || p.proc.signalCode !== null;

describe.skipIf(!hasTool('ffmpeg'))('a stream nobody watches', () => {
  let stack: Stack;
  let hooks: Hooks;
  let decisions: DecisionServer;
  beforeAll(async () => {
    stack = await startLifecycleStack();
    hooks = await subscribe(stack.api, ['stream.no_viewers']);
    decisions = await startDecisionServer(() => ({ action: 'close' }));
  });
  afterEach(() => stopAll());
  afterAll(async () => {
    await decisions?.close();
    await hooks?.close();
    await stack?.close();
  });

  /** Publishes `app/cam`, lets one player watch until video flows, then closes it; returns when it left. */
  async function watchThenLeave(
    proto: PlayerProtocol,
    app: string,
  ): Promise<{ ffmpeg: Publisher; leftAt: number }> {
    const ffmpeg = publish(`rtmp://127.0.0.1:${stack.node.rtmpPort}/${app}/cam`, { loop: true });
    await waitFor('the stream to be listed', () => isListed(stack, app, 'cam'), 15_000);
    const player = proto.open(stack.node, app, 'cam');
    try {
      await waitFor('video at the player', () => mediaFrames(player).some((f) => f.kind === 'video'), 10_000);
    } finally {
      player.close();
    }
    return { ffmpeg, leftAt: Date.now() };
  }
  const reports = (app: string) =>
    hooks
      .of('stream.no_viewers', app)
      .map((e) => ({ at: createdAtMs(e), data: StreamNoViewersData.parse(e.data) }));

  describe.each(PLAYER_PROTOCOLS)('after a $name player leaves', (proto) => {
    it('close: reports after noneReaderDelayMs and disconnects the publisher', async () => {
      const app = `nv-close-${proto.name}`;
      await setPolicy(stack.api, app, { noneReaderDelayMs: DELAY_MS, noneReaderAction: 'close' });
      const { ffmpeg, leftAt } = await watchThenLeave(proto, app);
      const [report] = await waitFor(
        'the stream.no_viewers webhook',
        () => reports(app).length > 0 && reports(app),
      );
      expect(report!.data).toMatchObject({
        stream: 'cam',
        nodeId: stack.nodeId,
        source: 'publisher',
        decision: 'close',
      });
      expect(report!.data.idleMs).toBeGreaterThanOrEqual(DELAY_MS - 100);
      expect(report!.at - leftAt).toBeGreaterThanOrEqual(DELAY_MS - 100);
      expect(report!.at - leftAt).toBeLessThanOrEqual(2 * DELAY_MS);
      await waitFor('ffmpeg to be disconnected and exit', () => exited(ffmpeg), 10_000);
      await waitFor('the stream to be unlisted', async () => !(await isListed(stack, app, 'cam')));
    });

    it('keep: the publisher stays and the report repeats every noneReaderDelayMs', async () => {
      const app = `nv-keep-${proto.name}`;
      await setPolicy(stack.api, app, { noneReaderDelayMs: DELAY_MS, noneReaderAction: 'keep' });
      const { ffmpeg } = await watchThenLeave(proto, app);
      const [first, second] = await waitFor(
        'two stream.no_viewers webhooks',
        () => reports(app).length >= 2 && reports(app),
        15_000,
      );
      expect([first!.data.decision, second!.data.decision]).toEqual(['keep', 'keep']);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(DELAY_MS - 500);
      expect(second!.at - first!.at).toBeLessThanOrEqual(DELAY_MS + 1000);
      expect(second!.data.idleMs).toBeGreaterThan(first!.data.idleMs);
      expect(exited(ffmpeg)).toBe(false);
      expect(await isListed(stack, app, 'cam')).toBe(true);
    });

    it('ask: the decision URL answering close disconnects the publisher', async () => {
      const app = `nv-ask-${proto.name}`;
      await setPolicy(stack.api, app, {
        noneReaderDelayMs: DELAY_MS,
        noneReaderAction: 'ask',
        decisionUrl: decisions.url,
      });
      const { ffmpeg } = await watchThenLeave(proto, app);
      await waitFor('ffmpeg to be disconnected and exit', () => exited(ffmpeg), 10_000);
      const asked = decisions.requests.filter((r) => r.data.app === app);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        type: 'stream.no_viewers',
        data: { stream: 'cam', source: 'publisher' },
      });
      await waitFor('the stream.no_viewers webhook', () => reports(app).length > 0);
      expect(reports(app)[0]!.data.decision).toBe('close');
    });
  });
});
