import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloseSessionCommand,
  CloseStreamCommand,
  type ErrorBody,
  type ErrorCode,
  NODE_COMMAND_PREFIX,
  type NodeCommandResult,
} from '@mediaplane/protocol';
import type { z } from 'zod';
import type { SessionTracker } from '../../core/session-tracker.ts';
import type { StreamRegistry } from '../../core/stream-registry.ts';
import type { Logger } from '../../log.ts';
import { commandAllowed } from './auth.ts';

/** What the command endpoints act on. */
export interface NodeCommandDeps {
  readonly registry: Pick<StreamRegistry, 'get' | 'remove'>;
  readonly sessions: Pick<SessionTracker, 'close'>;
  /** The node secret callers must present; unset: loopback callers only. */
  readonly secret: string | undefined;
  readonly log: Logger;
}

/** Handles a request if it is a command (true), or leaves it to the caller (false). */
export type CommandHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const MAX_BODY_BYTES = 16 * 1024;
const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** `/_node/v1/…`: the control API closes streams and sessions here, without waiting for a heartbeat. */
export function nodeCommandHandler(deps: NodeCommandDeps): CommandHandler {
  const routes: Record<string, (body: unknown) => Reply> = {
    '/streams/close': (body) =>
      run(CloseStreamCommand, body, (cmd) => {
        const stream = deps.registry.get(cmd);
        if (!stream) return error('NOT_FOUND', `stream ${cmd.app}/${cmd.stream} is not on this node`);
        const reason = cmd.reason ?? 'closed by the control API';
        deps.log.info('closing stream on command', { app: cmd.app, stream: cmd.stream, reason });
        deps.registry.remove(stream, reason, stream.announced);
        return ok();
      }),
    '/sessions/close': (body) =>
      run(CloseSessionCommand, body, (cmd) => {
        const reason = cmd.reason ?? 'closed by the control API';
        if (!deps.sessions.close(cmd.sessionId, reason))
          return error('NOT_FOUND', `session ${cmd.sessionId} is not on this node`);
        deps.log.info('closed session on command', { session: cmd.sessionId, reason });
        return ok();
      }),
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!path.startsWith(`${NODE_COMMAND_PREFIX}/`)) return false;
    const route = routes[path.slice(NODE_COMMAND_PREFIX.length)];
    if (!commandAllowed(req, deps.secret)) {
      send(res, error('UNAUTHORIZED', 'missing or invalid node secret'));
      req.resume();
    } else if (!route) {
      send(res, error('NOT_FOUND', `no command ${path}`));
      req.resume();
    } else if (req.method !== 'POST') {
      send(res, error('BAD_REQUEST', 'commands are POSTed'));
      req.resume();
    } else {
      readJson(req)
        .then(
          (body) => answer(route, body, path, deps.log),
          (err: unknown) => error('BAD_REQUEST', err instanceof Error ? err.message : String(err)),
        )
        .then((reply) => send(res, reply))
        .catch((err: unknown) => {
          deps.log.error('node command reply failed', { command: path, reason: String(err) });
          res.destroy();
        });
    }
    return true;
  };
}

type Reply = { status: number; body: NodeCommandResult | ErrorBody };

/** Runs a route; a throw is a bug on this side: logged with its stack, answered 500, never escaping. */
function answer(route: (body: unknown) => Reply, body: unknown, command: string, log: Logger): Reply {
  try {
    return route(body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.error('node command failed', {
      command,
      reason,
      stack: err instanceof Error ? err.stack : undefined,
    });
    return error('INTERNAL', 'the command failed on the node');
  }
}

function ok(): Reply {
  return { status: 200, body: { ok: true } };
}

function error(code: ErrorCode, message: string): Reply {
  return { status: STATUS[code], body: { error: { code, message, requestId: randomUUID() } } };
}

function run<S extends z.ZodType>(schema: S, body: unknown, act: (cmd: z.output<S>) => Reply): Reply {
  const parsed = schema.safeParse(body);
  if (parsed.success) return act(parsed.data);
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length === 0 ? '(body)' : `'${issue.path.map(String).join('.')}'`;
  return error('BAD_REQUEST', `invalid command: ${field}: ${issue.message}`);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(JSON.stringify(reply.body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the 400 reaches the caller.
      if (size > MAX_BODY_BYTES) reject(new Error(`body exceeds ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Error('body is not valid JSON'));
      }
    });
  });
}
