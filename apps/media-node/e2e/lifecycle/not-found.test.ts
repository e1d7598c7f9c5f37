import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionServer, startDecisionServer } from '../support/decision-server.ts';
import { setPolicy } from '../support/lifecycle-api.ts';
import { startLifecycleStack } from '../support/lifecycle-stack.ts';
import { PLAYER_PROTOCOLS, type TestPlayer } from '../support/players.ts';
import { waitFor } from '../support/poll.ts';
import type { Stack } from '../support/stack.ts';

describe('stream not found', () => {
  let stack: Stack;
  let decisions: DecisionServer;
  const players: TestPlayer[] = [];
  beforeAll(async () => {
    stack = await startLifecycleStack();
    decisions = await startDecisionServer(() => ({ action: 'fail' }));
  });
  afterEach(() => {
    for (const p of players.splice(0)) p.close();
  });
  afterAll(async () => {
    await decisions?.close();
    await stack?.close();
  });

  /** Opens a player on a stream nobody publishes and waits until it is refused or closed. */
  async function missOnce(open: () => TestPlayer): Promise<{ player: TestPlayer; waitedMs: number }> {
    const player = open();
    players.push(player);
    await waitFor('the player to be refused', () => player.endedAt !== undefined, 15_000);
    expect(player.requestedAt).toBeDefined();
    return { player, waitedMs: player.endedAt! - player.requestedAt! };
  }

  describe.each(PLAYER_PROTOCOLS)('over $name', (proto) => {
    it('holds the player for maxStreamWaitMs (2000 ± 300 ms), then answers not-found', async () => {
      const app = `nf-wait-${proto.name}`;
      await setPolicy(stack.api, app, { maxStreamWaitMs: 2000 });
      const { player, waitedMs } = await missOnce(() => proto.open(stack.node, app, 'nobody'));
      expect(player.outcome, player.detail).toBe('not-found');
      expect(waitedMs).toBeGreaterThanOrEqual(1700);
      expect(waitedMs).toBeLessThanOrEqual(2300);
    });

    it('answers not-found in under 500 ms when the decision URL says fail', async () => {
      const app = `nf-fail-${proto.name}`;
      await setPolicy(stack.api, app, {
        maxStreamWaitMs: 10_000,
        decisionUrl: decisions.url,
        decisionTimeoutMs: 2000,
      });
      const { player, waitedMs } = await missOnce(() =>
        proto.open(stack.node, app, 'nobody', { device: 'd-42' }),
      );
      expect(player.outcome, player.detail).toBe('not-found');
      expect(waitedMs).toBeLessThan(500);
      const asked = decisions.requests.filter((r) => r.data.app === app);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        type: 'stream.not_found',
        data: { app, stream: 'nobody', nodeId: stack.nodeId, protocol: proto.name },
      });
    });
  });
});
