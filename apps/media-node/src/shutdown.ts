import type { Logger } from './log.ts';

/** On SIGINT/SIGTERM, closes each part in order once, then exits; a second signal does not restart it. */
export function closeOnSignals(log: Logger, parts: ReadonlyArray<{ close(): Promise<void> }>): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    for (const part of parts) await part.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
