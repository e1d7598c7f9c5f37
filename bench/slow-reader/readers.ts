// The slow-reader bench's players: one healthy HTTP-FLV reader that reads everything, and stalled readers
// that ask for the stream and then never read, so the kernel's window closes and the server must queue or drop.
import { connect, type Socket } from 'node:net';
import { startFlvPlayer } from '../fanout/flv-player.ts';
import { PlayerStats } from '../fanout/player-stats.ts';
import { pollUntil } from '../fanout/procs.ts';
import { startRtmpPlayer } from '../fanout/rtmp-player.ts';
import type { Protocol } from '../fanout/servers.ts';

/** A reader the runner keeps: its socket and what it received. */
export interface BenchReader {
  readonly socket: Socket;
  readonly stats: PlayerStats;
}

/** Plays `url` over HTTP-FLV, reading everything, once it gets a first keyframe (retrying while none comes). */
export async function startHealthyReader(url: string, timeoutMs: number): Promise<BenchReader> {
  return await pollUntil(
    `a first keyframe from ${url}`,
    timeoutMs,
    async () => {
      const stats = new PlayerStats(performance.now());
      const socket = startFlvPlayer(new URL(url), stats, () => {});
      await pollUntil(
        'keyframe or close',
        3000,
        () => (stats.ttffMs >= 0 || stats.closed ? true : null),
        20,
      ).catch(() => null);
      if (stats.ttffMs >= 0 && !stats.closed) return { socket, stats };
      socket.destroy();
      return null;
    },
    300,
  );
}

/**
 * Opens a reader of `protocol` that stops reading. HTTP-FLV sends the request and never reads a byte; RTMP must
 * read through the handshake and play commands, so it stops right after its first keyframe.
 */
export async function openStalledReader(protocol: Protocol, url: string): Promise<BenchReader> {
  const stats = new PlayerStats(performance.now());
  if (protocol === 'http-flv') {
    const u = new URL(url);
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    socket.pause();
    socket.on('error', (err) => {
      stats.error ??= err.message;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        socket.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: */*\r\n\r\n`);
        resolve();
      });
      socket.once('error', reject);
    });
    return { socket, stats };
  }
  const socket = startRtmpPlayer(new URL(url), stats, () => {});
  try {
    await pollUntil('a first RTMP keyframe', 10_000, () => {
      if (stats.closed) throw new Error(`RTMP reader closed before its first keyframe: ${stats.error}`);
      return stats.ttffMs >= 0 ? true : null;
    });
  } catch (err) {
    socket.destroy();
    throw err;
  }
  socket.pause();
  return { socket, stats };
}
