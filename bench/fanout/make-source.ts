// Generates the publisher's pre-encoded source once: 30 s of 1280x720 25 fps H.264 at 2 Mbit/s + AAC 44.1 kHz, FLV.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder for generated inputs and reports (git-ignored). */
export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

/** The ffmpeg arguments that encode the source; kept here so RESULTS.md can quote them. */
export function sourceArgs(file: string): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
    '-t',
    '30',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    '2M',
    '-maxrate',
    '2M',
    '-bufsize',
    '4M',
    // GOP of 2 s at 25 fps, no scene-cut keyframes, so every player waits for the same cadence.
    '-g',
    '50',
    '-keyint_min',
    '50',
    '-sc_threshold',
    '0',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '44100',
    '-f',
    'flv',
    file,
  ];
}

/** Returns the path of the source file, encoding it first if it does not exist yet (takes ~20 s). */
export function ensureSource(dir: string = OUT_DIR): string {
  const file = join(dir, 'source-720p25-2M.flv');
  if (existsSync(file) && statSync(file).size > 1_000_000) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp.flv`;
  const res = spawnSync('ffmpeg', sourceArgs(tmp), {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 180_000,
  });
  if (res.status !== 0) throw new Error(`ffmpeg failed to encode the bench source (status ${res.status})`);
  renameSync(tmp, file);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureSource());
}
