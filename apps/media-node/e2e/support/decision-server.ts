import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One question the control API asked the business app's decision URL. */
export interface DecisionRequest {
  readonly type: string;
  readonly data: Record<string, unknown>;
  /** Wall-clock arrival, ms since the epoch. */
  readonly at: number;
}

/** A business app's decision endpoint on 127.0.0.1: records each question, answers with `answer`. */
export interface DecisionServer {
  readonly url: string;
  readonly requests: DecisionRequest[];
  /** The JSON reply to a question; change it between tests. */
  answer: (req: DecisionRequest) => unknown;
  close(): Promise<void>;
}

/** Starts a decision endpoint answering `answer(question)` as JSON with status 200. */
export async function startDecisionServer(
  answer: (req: DecisionRequest) => unknown,
): Promise<DecisionServer> {
  const requests: DecisionRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      type?: string;
      data?: Record<string, unknown>;
    };
    const question: DecisionRequest = { type: body.type ?? '', data: body.data ?? {}, at: Date.now() };
    requests.push(question);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(server.answer(question)));
  };
  const http = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const server: DecisionServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/decide`,
    requests,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  return server;
}
