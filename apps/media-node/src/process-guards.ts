import type { Logger } from './log.ts';

/** The slice of `process` the guards use, so a test can hand in its own. */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error) => void): unknown;
  exit(code: number): void;
}

/**
 * Last-resort handlers for errors every other handler missed. A stray rejection is logged and the
 * node keeps serving its other sessions; an uncaught exception may have left state half-updated, so
 * it is logged and the process exits 1 for its supervisor (systemd) to restart it.
 */
export function installProcessGuards(log: Logger, proc: GuardedProcess = process): void {
  proc.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection (kept running)', describe(reason));
  });
  proc.on('uncaughtException', (err) => {
    log.error('uncaught exception: exiting', describe(err));
    proc.exit(1);
  });
}

function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { reason: String(err) };
  return { reason: `${err.name}: ${err.message}`, stack: err.stack };
}
