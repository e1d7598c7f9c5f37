import { spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

/** True when `tool` runs; false otherwise, with one loud line saying which tests need it. */
export function hasTool(tool: 'ffmpeg' | 'ffprobe' | 'chromium'): boolean {
  let ok = cache.get(tool);
  if (ok === undefined) {
    ok = spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0;
    cache.set(tool, ok);
    if (!ok) {
      const msg = `${tool} is not installed: tests that need it are skipped (apt-get install ${tool})`;
      // In CI a missing tool is a broken setup, never a reason to skip silently.
      if (process.env.CI) throw new Error(msg);
      console.warn(`\n*** ${msg} ***\n`);
    }
  }
  return ok;
}
