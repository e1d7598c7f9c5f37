// RTMP player on the media node's general pull client; used only to compare its cost with the lean reader
// (`load-client.ts --rtmp-client full`).
import { connectRtmp, type RtmpClient } from '../../apps/media-node/src/pull/rtmp/client.ts';
import { classifyVideo, type PlayerStats } from './player-stats.ts';

/** Opens one player through `connectRtmp` + `play`; returns a handle that closes it. */
export function startFullRtmpPlayer(url: URL, stats: PlayerStats, onEnd: () => void): { destroy(): void } {
  let client: RtmpClient | null = null;
  let closed = false;
  const end = (err: unknown): void => {
    if (err) stats.error ??= (err as Error).message;
    if (!stats.closed) {
      stats.closed = true;
      onEnd();
    }
  };
  void (async () => {
    client = await connectRtmp(url.href, { timeoutMs: 20_000, complexHandshake: false });
    stats.connectedAt = performance.now();
    if (closed) return client.close();
    client.on('message', (m) => {
      const now = performance.now();
      stats.bytes += m.payload.length;
      if (m.typeId === 9 && m.payload.length >= 2)
        stats.onVideo(now, m.timestamp, classifyVideo(m.payload[0]!, m.payload[1]!));
      else if (m.typeId === 8) stats.audioFrames++;
    });
    client.on('close', end);
    await client.play();
  })().catch(end);
  return {
    destroy: () => {
      closed = true;
      client?.close();
    },
  };
}
