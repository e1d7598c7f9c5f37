import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON request init with the given method, body and headers. */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** A request a fake node received. */
export interface ReceivedCommand {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A real HTTP server standing in for a media node's command endpoint. */
export interface FakeNode {
  readonly url: string;
  readonly received: ReceivedCommand[];
  /** Status and body for the next commands (default 200 `{ ok: true }`). */
  reply: { status: number; body: unknown };
  close(): Promise<void>;
}

/** Starts a fake node on 127.0.0.1:0 recording every request. */
export async function startFakeNode(): Promise<FakeNode> {
  const received: ReceivedCommand[] = [];
  const node: { reply: FakeNode['reply'] } = { reply: { status: 200, body: { ok: true } } };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: raw === '' ? undefined : JSON.parse(raw),
      });
      res.writeHead(node.reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(node.reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(node, {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
