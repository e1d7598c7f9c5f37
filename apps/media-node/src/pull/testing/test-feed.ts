import type { PullFeed } from '../../core/pull.ts';
import { Stream } from '../../core/stream.ts';
import { createLogger, type Logger } from '../../log.ts';

/** A PullFeed over a fresh Stream that records every ready/ended call, for tests. */
export interface TestFeed extends PullFeed {
  readyCalls: number;
  readonly endings: string[];
  /** Every frame pushed into the stream, by kind; `firstVideoKey` tells whether video began on a keyframe. */
  readonly frames: { video: number; audio: number; keyframes: number; firstVideoKey?: boolean };
}

/** Creates a TestFeed for stream `live/<name>`. */
export function testFeed(name = 'pulled'): TestFeed {
  const stream = new Stream(
    { vhost: '__defaultVhost__', app: 'live', stream: name },
    { gop: { maxBytes: 8 * 1024 * 1024, maxItems: 2000 }, readerQueueBytes: 1 << 20, maxFlushDelayMs: 20 },
  );
  const frames: TestFeed['frames'] = { video: 0, audio: 0, keyframes: 0 };
  const push = stream.pushFrame.bind(stream);
  stream.pushFrame = (frame) => {
    if (frame.kind === 'video') {
      frames.firstVideoKey ??= frame.keyframe;
      frames.video++;
      if (frame.keyframe) frames.keyframes++;
    } else frames.audio++;
    push(frame);
  };
  const feed: TestFeed = {
    stream,
    readyCalls: 0,
    endings: [],
    frames,
    ready() {
      feed.readyCalls++;
    },
    ended(reason) {
      feed.endings.push(reason);
    },
  };
  return feed;
}

/** A logger that keeps its lines, for asserting that nothing secret was logged. */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', {}, (line) => lines.push(line)), lines };
}

/** Polls `check` until truthy or fails after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lets pending I/O callbacks and timers of zero delay run, so a wrongly late call would have happened. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 0));
}
