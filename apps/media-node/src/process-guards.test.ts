import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const GUARDS = new URL('./process-guards.ts', import.meta.url).href;
const LOG = new URL('./log.ts', import.meta.url).href;

/** Runs `body` in a fresh Node process with the guards installed; resolves with its exit and output. */
function runGuarded(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = [
    `const { installProcessGuards } = await import(${JSON.stringify(GUARDS)});`,
    `const { createLogger } = await import(${JSON.stringify(LOG)});`,
    'installProcessGuards(createLogger("info"));',
    body,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('process guards', () => {
  it('log an unhandled rejection at error level with its stack and keep the process running', async () => {
    const run = await runGuarded(
      [
        'function failsLater() { return Promise.reject(new Error("stray rejection")); }',
        'void failsLater();',
        // Work scheduled after the rejection still runs: the process was not taken down.
        'setTimeout(() => { console.log("still serving"); process.exit(0); }, 20);',
      ].join('\n'),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('still serving');
    const line = run.stderr.split('\n').find((l) => l.includes('unhandled promise rejection'));
    expect(line).toMatch(/^\S+ ERROR /);
    expect(line).toContain('Error: stray rejection');
    expect(line).toContain('failsLater');
  });

  it('log an uncaught exception at error level and exit 1', async () => {
    const run = await runGuarded(
      [
        'setTimeout(function explodes() { throw new Error("corrupt state"); }, 0);',
        'setTimeout(() => console.log("kept going"), 200);',
      ].join('\n'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('kept going');
    const line = run.stderr.split('\n').find((l) => l.includes('uncaught exception: exiting'));
    expect(line).toMatch(/^\S+ ERROR /);
    expect(line).toContain('Error: corrupt state');
    expect(line).toContain('explodes');
  });
});
