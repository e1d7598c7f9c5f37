import { PathManager } from '../path-manager.ts';
import type { StreamLifecycle } from '../policy.ts';
import type { PullFeed, PullStarter } from '../pull.ts';
import type { Stream, StreamSource } from '../stream.ts';
import { type StreamKey, streamKeyId } from '../stream-key.ts';
import { StreamRegistry } from '../stream-registry.ts';
import { fakeSource, lifecycle, ScriptedPolicy, silentLog, video, videoConfig } from './core-fakes.ts';

/** A pull the harness was asked to start. */
export interface StartedPull {
  readonly url: string;
  readonly feed: PullFeed;
  readonly source: ReturnType<typeof fakeSource>;
}

/**
 * A PathManager over a real registry, with a scripted policy and recorded events and pulls.
 * `firstFrameTimeoutMs` is off (0) unless given.
 */
export function pathsHarness(
  fallback: Partial<StreamLifecycle> = {},
  canPull = true,
  firstFrameTimeoutMs = 0,
) {
  const registry = new StreamRegistry({
    gop: { maxBytes: 1 << 20, maxItems: 1000 },
    readerQueueBytes: 1 << 20,
    maxFlushDelayMs: 1000,
  });
  const policy = new ScriptedPolicy();
  const registered: string[] = [];
  const unregistered: string[] = [];
  const pulls: StartedPull[] = [];
  const starter: PullStarter = (url, feed) => {
    const source = fakeSource(`pull-${pulls.length + 1}`);
    pulls.push({ url, feed, source });
    return source;
  };
  const paths = new PathManager({
    registry,
    policy,
    events: {
      streamRegistered: (k: StreamKey) => registered.push(streamKeyId(k)),
      streamUnregistered: (k: StreamKey) => unregistered.push(streamKeyId(k)),
    },
    log: silentLog,
    lifecycle: lifecycle(fallback),
    pulls: canPull ? starter : undefined,
    firstFrameTimeoutMs,
  });
  return { registry, policy, paths, registered, unregistered, pulls };
}

/** Sends a config and a keyframe, which announces a stream fed by a publisher. */
export function feedFirstFrame(paths: PathManager, stream: Stream, dts = 0): void {
  stream.setVideoConfig(videoConfig(1));
  stream.pushFrame(video(dts, true));
  paths.publisherReady(stream);
}

/** Starts a publisher for `live/<name>` and announces it. */
export async function livePublisher(
  paths: PathManager,
  name: string,
  source: StreamSource = fakeSource(name),
): Promise<Stream> {
  const stream = await paths.startPublish(
    {
      vhost: '__defaultVhost__',
      app: 'live',
      stream: name,
      params: {},
      protocol: 'rtmp',
      sessionId: name,
      ip: '',
    },
    source,
  );
  feedFirstFrame(paths, stream);
  return stream;
}
