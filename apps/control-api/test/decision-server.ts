import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One question a decision server received. */
export interface ReceivedDecision {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
}

/** How to answer: a status with a JSON (or, when a string, raw) body, or never. */
export type DecisionReply = { status: number; body: unknown } | 'hang';

/** A real HTTP endpoint on 127.0.0.1 standing in for a business app's decision URL. */
export interface DecisionServer {
  /** e.g. `http://127.0.0.1:40123/decide`. */
  readonly url: string;
  readonly received: ReceivedDecision[];
  /** Chooses the reply per question (default 200 `{ action: 'wait' }`). */
  respond: (question: ReceivedDecision) => DecisionReply;
  close(): Promise<void>;
}

/** Starts a decision server on a free port of 127.0.0.1. */
export async function startDecisionServer(path = '/decide'): Promise<DecisionServer> {
  const received: ReceivedDecision[] = [];
  const hanging = new Set<ServerResponse>();
  const state: Pick<DecisionServer, 'respond'> = {
    respond: () => ({ status: 200, body: { action: 'wait' } }),
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const question = { path: req.url ?? '', headers: req.headers, body: parse(raw) };
      received.push(question);
      const reply = state.respond(question);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    get respond() {
      return state.respond;
    },
    set respond(fn) {
      state.respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
