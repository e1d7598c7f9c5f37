import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The committed ~10 s H.264 (640x360, 25 fps, B-frames) + AAC (44.1 kHz stereo) fixture. */
export const FIXTURE = fileURLToPath(new URL('../../test/fixtures/h264-aac-10s.flv', import.meta.url));

const running = new Set<ChildProcess>();

/** A running ffmpeg publisher. */
export interface Publisher {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Publishes the fixture in real time (`-re -c copy`), looping forever when `loop` is set. */
export function publish(url: string, opts: { loop?: boolean; file?: string } = {}): Publisher {
  const args = ['-hide_banner', '-loglevel', 'warning', '-re'];
  if (opts.loop) args.push('-stream_loop', '-1');
  args.push('-i', opts.file ?? FIXTURE, '-c', 'copy', '-f', 'flv', url);
  const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  let err = '';
  proc.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      running.delete(proc);
      resolve(code);
    });
  });
  return {
    proc,
    exited,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Kills every ffmpeg this file started; call from afterEach/afterAll. */
export async function stopAll(): Promise<void> {
  const exits = [...running].map(
    (p) =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}

/** One stream as ffprobe reports it. */
export interface ProbedStream {
  codec_name: string;
  codec_type: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
}

/** Runs ffprobe on a URL and returns its streams. */
export function ffprobe(url: string, timeoutMs = 20_000): Promise<ProbedStream[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffprobe',
      ['-v', 'error', '-rw_timeout', '10000000', '-show_streams', '-of', 'json', url],
      { timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`ffprobe ${url} failed: ${stderr || err.message}`));
        resolve((JSON.parse(stdout) as { streams: ProbedStream[] }).streams);
      },
    );
  });
}
