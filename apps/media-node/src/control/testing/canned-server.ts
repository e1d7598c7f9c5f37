import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1:0 whose answers a test scripts; counts the requests it got. */
export interface CannedServer {
  readonly url: string;
  readonly port: number;
  /** Requests received so far (path, parsed JSON body and the Authorization header). */
  readonly requests: { path: string; body: unknown; authorization?: string }[];
  close(): Promise<void>;
}

/** `respond` returns the status and JSON body (sent after `delayMs`, default at once), or `'hang'` to never answer. */
export type CannedResponder = (
  path: string,
  body: unknown,
) => { status: number; body: unknown; delayMs?: number } | 'hang';

/** Starts a CannedServer. */
export async function startCannedServer(respond: CannedResponder): Promise<CannedServer> {
  const requests: { path: string; body: unknown; authorization?: string }[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const path = req.url ?? '/';
      requests.push({ path, body, authorization: req.headers.authorization });
      const answer = respond(path, body);
      if (answer === 'hang') return;
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      };
      if (answer.delayMs === undefined) return send();
      const timer = setTimeout(() => {
        delayed.delete(timer);
        send();
      }, answer.delayMs);
      delayed.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of delayed) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A manual clock for breaker cooldowns: no sleeping in tests. */
export function manualClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
