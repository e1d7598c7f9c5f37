// Child-process plumbing for the bench: process groups, deadlines, /proc sampling, free ports.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child started in its own process group, so stopping it also stops anything it spawned. */
export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Last lines of stdout+stderr, for error messages. */
  readonly tail: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

const live = new Set<Child>();
let pgidFile: string | null = null;

/**
 * Starts a detached shell that, once this process is gone (even by SIGKILL), SIGKILLs every process group
 * still listed in `file`; the list is rewritten whenever a child starts or exits.
 */
export function startWatchdog(file: string): void {
  pgidFile = file;
  writeFileSync(file, '');
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
    'for g in $(cat "$2" 2>/dev/null); do kill -9 "-$g" 2>/dev/null; done; rm -f "$2"';
  const dog = spawn('/bin/sh', ['-c', script, 'watchdog', String(process.pid), file], {
    detached: true,
    stdio: 'ignore',
  });
  dog.unref();
}

function writePgids(): void {
  if (pgidFile) writeFileSync(pgidFile, [...live].map((c) => c.pid).join('\n'));
}

/** Raises the soft open-file limit to the hard one, then execs, so the child keeps the shell's pid. */
function withNofile(cmd: string, args: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', cmd, cmd, ...args]];
}

/** Spawns `cmd args` detached (own process group), keeping a 40-line tail of its output. */
export function startChild(
  name: string,
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {},
): Child {
  const [sh, shArgs] = withNofile(cmd, args);
  const proc = spawn(sh, shArgs, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: spawn failed`);
  const tail: string[] = [];
  const lines = (): ((chunk: Buffer) => void) => {
    let partial = '';
    return (chunk) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (line === '') continue;
        opts.onLine?.(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
  };
  proc.stdout?.on('data', lines());
  proc.stderr?.on('data', lines());
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const child: Child = { name, proc, pid: proc.pid, tail, exited };
  live.add(child);
  writePgids();
  void exited.then(() => {
    live.delete(child);
    writePgids();
  });
  return child;
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`; resolves once it exited. */
export async function stopChild(child: Child, graceMs = 3000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  // Grandchildren that ignored SIGTERM still share the group: make sure they are gone too.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // Group already gone.
  }
}

/** Kills every child still running (used on errors and signals). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c, 1500)));
}

/** Synchronous last resort for process 'exit': SIGKILL every remaining group. */
export function killAllSync(): void {
  for (const c of live) signalGroup(c.pid, 'SIGKILL');
}

/** Cumulative CPU seconds (user+system) of a process, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number, clockTicks = 100): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" of the command name; utime and stime are fields 14 and 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Busy CPU seconds of the whole machine (all cores) from the first line of /proc/stat. */
export function systemBusySeconds(clockTicks = 100): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / clockTicks
  );
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** One 1 s sample of a process: CPU % of one core over the interval, RSS in MB at its end. */
export interface Sample {
  readonly cpuPct: number;
  readonly rssMb: number;
}

/** Samples CPU and RSS of `pids` every `intervalMs` until `stop()`; returns the samples per pid. */
export function startSampler(
  pids: readonly number[],
  intervalMs = 1000,
): { peek: () => Map<number, Sample[]>; stop: () => Map<number, Sample[]> } {
  const out = new Map<number, Sample[]>(pids.map((p) => [p, []]));
  let lastT = performance.now();
  let last = new Map(pids.map((p) => [p, cpuSeconds(p)]));
  const timer = setInterval(() => {
    const t = performance.now();
    const now = new Map<number, number>();
    for (const p of pids) {
      try {
        const c = cpuSeconds(p);
        now.set(p, c);
        out.get(p)!.push({ cpuPct: ((c - last.get(p)!) / ((t - lastT) / 1000)) * 100, rssMb: rssMb(p) });
      } catch {
        // The process vanished mid-window; the caller sees fewer samples.
      }
    }
    last = now;
    lastT = t;
  }, intervalMs);
  return {
    peek: () => out,
    stop: () => {
      clearInterval(timer);
      return out;
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns a value or `timeoutMs` passes (then throws `what`). */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | null> | T | null,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
