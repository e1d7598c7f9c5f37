import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A command a fake node received. */
export interface ReceivedCommand {
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/** A real HTTP server on 127.0.0.1:0 standing in for a media node's command endpoints. */
export interface FakeNode {
  readonly url: string;
  readonly received: ReceivedCommand[];
  /** What to answer next: status and JSON body. Default 200 `{ ok: true }`. */
  answer: (cmd: ReceivedCommand) => { status: number; body: unknown };
  close(): Promise<void>;
}

/** Starts a FakeNode. */
export async function startFakeNode(): Promise<FakeNode> {
  const received: ReceivedCommand[] = [];
  const node: FakeNode = {
    url: '',
    received,
    answer: () => ({ status: 200, body: { ok: true } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const cmd = { path: req.url ?? '/', authorization: req.headers.authorization, body };
      received.push(cmd);
      const { status, body: reply } = node.answer(cmd);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(node, { url: `http://127.0.0.1:${port}` });
}
