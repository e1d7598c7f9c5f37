import type { PullFeed } from '../../core/pull.ts';
import type { StreamSource } from '../../core/stream.ts';
import type { Logger } from '../../log.ts';
import { StatusCode } from '../../protocols/rtmp/command-replies.ts';
import { decodeData, metadataOf } from '../../protocols/rtmp/data-messages.ts';
import { MessageType, type RtmpMessage } from '../../protocols/rtmp/message.ts';
import { PullSession, type PullTimeouts, reasonOf } from '../pull-session.ts';
import { resolvePullTarget } from '../resolve-target.ts';
import { RtmpClient, type RtmpStatus, RtmpStatusError } from './client.ts';
import { parseRtmpUrl } from './url.ts';

/** Options of an RTMP pull. */
export interface RtmpPullOptions extends PullTimeouts {
  readonly allowPrivate: boolean;
}

// Statuses after which a playing stream sends nothing more.
const STOPPED = new Set<string>([StatusCode.PlayUnpublishNotify, 'NetStream.Play.Stop']);

/** Plays an rtmp(s) URL and feeds what arrives into `feed.stream`. */
export function startRtmpPull(url: URL, feed: PullFeed, log: Logger, options: RtmpPullOptions): StreamSource {
  const session = PullSession.start('rtmp-pull', url, feed, log, options);
  run(url, session, options).catch((err: unknown) => session.end(failure(err)));
  return session;
}

async function run(url: URL, session: PullSession, options: RtmpPullOptions): Promise<void> {
  const target = parseRtmpUrl(url.href);
  const { address } = await resolvePullTarget(target.host, options.allowPrivate);
  if (!session.running) return;
  const client = new RtmpClient(target, { address, timeoutMs: options.connectTimeoutMs });
  session.onTeardown(() => client.destroy());
  client.on('message', (msg) => {
    if (!session.running) return;
    session.dataArrived();
    try {
      feedMessage(session, msg);
    } catch (err) {
      session.end(`bad media from remote: ${reasonOf(err)}`);
    }
  });
  client.on('status', (status: RtmpStatus) => {
    if (STOPPED.has(status.code)) session.end(`remote stopped the stream: ${status.code}`);
  });
  client.on('close', (err) =>
    session.end(err ? `RTMP connection failed: ${reasonOf(err)}` : 'remote closed'),
  );
  await client.open();
  await client.play();
}

function feedMessage(session: PullSession, msg: RtmpMessage): void {
  switch (msg.typeId) {
    case MessageType.Video:
      session.ingest.video(msg.payload, msg.timestamp);
      return;
    case MessageType.Audio:
      session.ingest.audio(msg.payload, msg.timestamp);
      return;
    case MessageType.DataAmf0:
    case MessageType.DataAmf3: {
      const metadata = metadataOf(decodeData(msg.typeId, msg.payload));
      if (metadata) session.ingest.metadata(metadata);
      return;
    }
  }
}

// The remote's status description is its own text; only the code goes into the reason.
function failure(err: unknown): string {
  if (err instanceof RtmpStatusError) return `RTMP play refused: ${err.code}`;
  return reasonOf(err);
}
