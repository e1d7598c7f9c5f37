import {
  type CloseSessionCommand,
  type CloseStreamCommand,
  ErrorBody,
  NODE_COMMAND_PREFIX,
  type StreamRef,
} from '@mediaplane/protocol';
import { ServiceError } from '../errors.ts';

/** The part of a node row a command needs: where its HTTP port is. */
export interface NodeAddress {
  readonly id: string;
  readonly urls: { readonly http?: string | undefined };
}

export interface NodeCommandOptions {
  /** Sent as `Authorization: Bearer <nodeSecret>`; nodes without a secret accept only loopback callers. */
  readonly nodeSecret?: string | undefined;
  /** Default 3000. */
  readonly timeoutMs?: number;
  /** Shown in the node's log and to the disconnected clients. */
  readonly reason?: string;
  /** For tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * Closes a stream on the node holding it: its publisher and every player disconnect.
 * Resolves false when the node no longer holds it; throws UNAVAILABLE when the node cannot be reached.
 */
export function closeStreamOnNode(
  node: NodeAddress,
  key: StreamRef,
  opts: NodeCommandOptions = {},
): Promise<boolean> {
  const body: CloseStreamCommand = {
    vhost: key.vhost,
    app: key.app,
    stream: key.stream,
    reason: opts.reason,
  };
  return sendCommand(node, '/streams/close', body, opts);
}

/** Disconnects one session on its node; false when the node does not hold it (any more). */
export function closeSessionOnNode(
  node: NodeAddress,
  sessionId: string,
  opts: NodeCommandOptions = {},
): Promise<boolean> {
  const body: CloseSessionCommand = { sessionId, reason: opts.reason };
  return sendCommand(node, '/sessions/close', body, opts);
}

async function sendCommand(
  node: NodeAddress,
  path: string,
  body: unknown,
  opts: NodeCommandOptions,
): Promise<boolean> {
  const base = node.urls.http;
  if (base === undefined || base === '') {
    throw new ServiceError('UNAVAILABLE', `node '${node.id}' has not reported an HTTP URL`);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.nodeSecret !== undefined) headers.authorization = `Bearer ${opts.nodeSecret}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(`${base.replace(/\/+$/, '')}${NODE_COMMAND_PREFIX}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 3000),
    });
  } catch (err) {
    throw new ServiceError('UNAVAILABLE', `node '${node.id}' unreachable: ${describe(err)}`);
  }
  const text = await res.text();
  if (res.ok) return true;
  const error = parseError(text);
  if (res.status === 404 && error?.code === 'NOT_FOUND') return false;
  // Anything else (bad secret, node failure) is the node's problem, not the caller's input.
  throw new ServiceError(
    'UNAVAILABLE',
    `node '${node.id}' refused the command: HTTP ${res.status}${error ? ` ${error.message}` : ''}`,
  );
}

function parseError(text: string): ErrorBody['error'] | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return (cause && 'code' in cause ? String(cause.code) : undefined) ?? cause?.message ?? err.message;
}
