import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StreamSource } from '../src/core/stream.ts';
import { createPullStarter } from '../src/pull/start-pull.ts';
import { memoryLogger, settle, type TestFeed, testFeed } from '../src/pull/testing/test-feed.ts';
import { publish, stopAll } from './support/ffmpeg.ts';
import { waitFor } from './support/poll.ts';
import { type Stack, startStack } from './support/stack.ts';
import { hasTool } from './support/tools.ts';

// ffmpeg stops cleanly on SIGTERM, so the origin closes the stream at once and says so.
const STOP_REASON = {
  rtmp: 'remote stopped the stream: NetStream.Play.UnpublishNotify',
  'http-flv': 'remote ended the stream',
} as const;

// Pull clients against a real node fed by ffmpeg: what a pulling node would get from an origin.
describe.skipIf(!hasTool('ffmpeg'))('pull clients against a real media node', () => {
  let stack: Stack;
  const sources: StreamSource[] = [];
  const pull = createPullStarter({ allowPrivate: true });

  beforeAll(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    for (const s of sources.splice(0)) s.close('test done');
    await stopAll();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const live = (name: string) => () =>
    stack.node.registry.getLive({ vhost: '__defaultVhost__', app: 'live', stream: name });
  const urls = (name: string) => ({
    rtmp: `rtmp://127.0.0.1:${stack.node.rtmpPort}/live/${name}`,
    'http-flv': `http://127.0.0.1:${stack.node.httpPort}/live/${name}.live.flv`,
  });

  async function expectFlowing(feed: TestFeed): Promise<void> {
    await waitFor('50 video frames', () => feed.frames.video >= 50, 20_000);
    expect(feed.readyCalls).toBe(1);
    expect(feed.frames.firstVideoKey).toBe(true);
    expect(feed.frames.audio).toBeGreaterThan(0);
    const config = feed.stream.currentConfig;
    expect(config.video).toMatchObject({ codec: 'h264' });
    expect(config.audio).toMatchObject({ codec: 'aac' });
    expect(config.metadata?.width).toBe(640);
    expect(feed.endings).toEqual([]);
  }

  for (const protocol of ['rtmp', 'http-flv'] as const) {
    it(`${protocol}: pulls the live stream, then ends once when the origin stops`, async () => {
      const name = `pull-${protocol}`;
      const publisher = publish(urls(name).rtmp, { loop: true });
      await waitFor('the stream to go live', live(name));
      const feed = testFeed(name);
      const source = pull(urls(name)[protocol], feed, memoryLogger().log);
      sources.push(source);
      expect(source.protocol).toBe(`${protocol}-pull`);
      await expectFlowing(feed);

      await publisher.stop();
      await waitFor('the pull to end', () => feed.endings.length > 0, 30_000);
      await settle();
      expect(feed.endings).toEqual([STOP_REASON[protocol]]);
    });

    it(`${protocol}: close() stops the pull; the origin sees the player leave`, async () => {
      const name = `close-${protocol}`;
      publish(urls(name).rtmp, { loop: true });
      const stream = await waitFor('the stream to go live', live(name));
      const feed = testFeed(name);
      const source = pull(urls(name)[protocol], feed, memoryLogger().log);
      await waitFor('the first frame', () => feed.readyCalls === 1, 20_000);
      expect(stream.readerCount()).toBe(1);
      source.close('not needed');
      await waitFor('the origin to drop the reader', () => stream.readerCount() === 0);
      const frames = feed.frames.video;
      await settle();
      expect(feed.endings).toEqual([]);
      expect(feed.frames.video).toBe(frames);
    });
  }

  it('rtmp: an unknown stream ends the pull with the refusal, once the origin gives up waiting', async () => {
    // The origin holds a play for its app's maxStreamWaitMs (15 s by default); outwait it.
    const patient = createPullStarter({ allowPrivate: true, connectTimeoutMs: 40_000 });
    const feed = testFeed('nobody');
    sources.push(patient(urls('nobody-here').rtmp, feed, memoryLogger().log));
    await waitFor('the pull to end', () => feed.endings.length > 0, 45_000);
    expect(feed.endings).toEqual(['RTMP play refused: NetStream.Play.StreamNotFound']);
    expect(feed.readyCalls).toBe(0);
  });
});
