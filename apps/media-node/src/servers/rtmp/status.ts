import {
  AuthDeniedError,
  PolicyUnavailableError,
  StreamBusyError,
  StreamNotFoundError,
} from '../../core/errors.ts';
import type { StatusInfo } from '../../protocols/rtmp/command-replies.ts';

/** Maps a refused publish or play to its onStatus info; the description is safe to show the client. */
export function refusal(action: 'Publish' | 'Play', err: unknown, name: string): StatusInfo {
  const status = (code: string, description: string): StatusInfo => ({
    level: 'error',
    code: `NetStream.${action}.${code}`,
    description,
    details: name,
  });
  if (err instanceof AuthDeniedError) return status('Unauthorized', err.message);
  if (err instanceof StreamBusyError && action === 'Publish')
    return status('BadName', 'stream already publishing');
  if (err instanceof StreamNotFoundError && action === 'Play')
    return status('StreamNotFound', 'stream not found');
  if (err instanceof PolicyUnavailableError) return status('Failed', 'policy unavailable');
  return status('Failed', 'refused');
}
