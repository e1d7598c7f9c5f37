import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { playWsFlv } from './support/flv-player.ts';
import { type HeldStack, startHeldStack } from './support/held-stack.ts';
import { setPolicy, settledCount } from './support/lifecycle-api.ts';
import { httpFlvPlayer, mediaFrames, rtmpPlayer, type TestPlayer } from './support/players.ts';
import { waitFor } from './support/poll.ts';
import { rawMessages as m, type RawSession, rawSession } from './support/raw-session.ts';

// Held players wait far longer than any test: one still waiting at a deadline is stuck, not timed out.
const HOLD_MS = 60_000;
// Players of a stream that came and went settle within this.
const SETTLE_MS = 5000;
// Watched this long, a reader count that stays put is settled.
const STEADY_MS = 500;

const keyOf = (app: string, stream: string) => ({ vhost: '__defaultVhost__', app, stream });

describe('held players racing their stream', () => {
  let stack: HeldStack;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  const opened: Array<{ close(): void }> = [];
  const keep = <T extends { close(): void }>(c: T): T => {
    opened.push(c);
    return c;
  };
  const raw = (app: string, first: Parameters<typeof rawSession>[2]): RawSession => {
    const s = rawSession(stack.node.rtmpPort, app, first);
    opened.push({ close: () => s.socket.destroy() });
    return s;
  };
  const readers = (app: string, stream: string): number =>
    stack.node.registry.getLive(keyOf(app, stream))?.readerCount() ?? 0;
  /** Publishes `app/stream` from a raw session; resolves once the node accepted it, before any media. */
  const acceptedPublisher = async (app: string, stream: string): Promise<RawSession> => {
    const pub = raw(app, m.publish(stream));
    await waitFor(`the publish of ${app}/${stream} to be accepted`, () =>
      stack.node.registry.get(keyOf(app, stream)),
    );
    return pub;
  };

  beforeAll(async () => {
    // Vitest fails the run on an unhandled rejection too; recording them names the test that caused one.
    process.on('unhandledRejection', onRejection);
    stack = await startHeldStack();
  });
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
    expect(rejections.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await stack?.close();
  });

  it('a stream that ends in the read that announced it: held players get not-found or a clean close', async () => {
    const app = 'race-end';
    await setPolicy(stack.api, app, { maxStreamWaitMs: HOLD_MS, continueOnCleanStop: false });
    const before = stack.playsAllowed();
    const players: TestPlayer[] = [rtmpPlayer, httpFlvPlayer, rtmpPlayer, httpFlvPlayer].map((p) =>
      keep(p.open(stack.node, app, 'cam')),
    );
    const ws = playWsFlv(stack.node.httpPort, `/${app}/cam.live.flv`);
    keep({ close: () => ws.ws.close() });
    await waitFor('all five players to be held', () => stack.playsAllowed() - before >= 5);
    expect(players.map((p) => p.outcome)).toEqual(players.map(() => 'pending'));

    const pub = await acceptedPublisher(app, 'cam');
    // Header, keyframe (announces the stream) and the clean stop in one write: one read at the node.
    pub.send(...m.firstVideo(), m.fcUnpublish('cam'), m.deleteStream());

    await waitFor(
      'every held player to settle',
      () => players.every((p) => p.endedAt !== undefined) && ws.ws.readyState === WebSocket.CLOSED,
      SETTLE_MS,
    );
    for (const p of players)
      expect(['not-found', 'closed'], `${p.protocol}: ${p.detail}`).toContain(p.outcome);
    expect(stack.node.registry.get(keyOf(app, 'cam'))).toBeUndefined();

    // The node still serves: another stream plays over RTMP and HTTP-FLV.
    const other = await acceptedPublisher(app, 'other');
    other.send(...m.firstVideo());
    const viewers = [rtmpPlayer, httpFlvPlayer].map((p) => keep(p.open(stack.node, app, 'other')));
    await waitFor('both viewers of another stream to get a keyframe', () =>
      viewers.every((v) => mediaFrames(v).some((f) => f.kind === 'video' && f.keyframe)),
    );
  });

  it('a second play while one is held closes the session; no reader is left behind', async () => {
    const app = 'race-twice';
    await setPolicy(stack.api, app, { maxStreamWaitMs: HOLD_MS });
    const before = stack.playsAllowed();
    const player = raw(app, m.play('cam'));
    await waitFor('the first play to be held', () => stack.playsAllowed() - before >= 1);
    player.send(m.play('cam'));
    await waitFor('the node to close the session', () => player.gone(), SETTLE_MS);
    expect(stack.logs.some((l) => l.includes('play on a busy session'))).toBe(true);

    const pub = await acceptedPublisher(app, 'cam');
    pub.send(...m.firstVideo());
    await waitFor('the stream to be live', () => stack.node.registry.getLive(keyOf(app, 'cam')));
    expect(await settledCount(() => readers(app, 'cam'), STEADY_MS)).toBe(0);
  });

  it('deleteStream ends a held wait; the session plays again with exactly one reader, none after it closes', async () => {
    const app = 'race-stop';
    await setPolicy(stack.api, app, { maxStreamWaitMs: HOLD_MS });
    const before = stack.playsAllowed();
    const player = raw(app, m.play('cam'));
    await waitFor('the play to be held', () => stack.playsAllowed() - before >= 1);
    // The createStream reply proves the node has read the deleteStream before it.
    player.send(m.deleteStream(), m.createStream());
    await waitFor('the createStream reply', () =>
      player.replies.some((r) => r.name === '_result' && r.transactionId === 3),
    );

    const pub = await acceptedPublisher(app, 'cam');
    pub.send(...m.firstVideo());
    await waitFor('the stream to be live', () => stack.node.registry.getLive(keyOf(app, 'cam')));
    expect(await settledCount(() => readers(app, 'cam'), STEADY_MS), 'the ended wait attached').toBe(0);
    expect(player.gone()).toBe(false);

    player.send(m.play('cam', 2));
    await waitFor('the new play to read the stream', () => readers(app, 'cam') === 1);
    expect(await settledCount(() => readers(app, 'cam'), STEADY_MS)).toBe(1);
    await waitFor('Play.Start at the player', () =>
      player.replies.some((r) => r.name === 'onStatus' && statusCode(r) === 'NetStream.Play.Start'),
    );

    player.socket.destroy();
    await waitFor('the reader to go with its session', () => readers(app, 'cam') === 0);
  });
});

function statusCode(cmd: { args: readonly unknown[] }): string | undefined {
  const info = cmd.args[0];
  return typeof info === 'object' && info !== null && 'code' in info ? String(info.code) : undefined;
}
