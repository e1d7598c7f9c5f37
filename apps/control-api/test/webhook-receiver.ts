import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER, WebhookEnvelope } from '@mediaplane/protocol';

/** One POST the receiver got. */
export interface ReceivedWebhook {
  readonly body: string;
  readonly signature: string | undefined;
  readonly event: WebhookEnvelope;
  /** Whether the signature verified against `receiver.secret` at arrival. */
  readonly validSignature: boolean;
  /** The status the receiver answered with. */
  readonly status: number;
}

/** A real HTTP webhook endpoint on 127.0.0.1 that records what it gets. */
export interface WebhookReceiver {
  /** e.g. `http://127.0.0.1:40123/hook`; the same across stop()/start(). */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order (a retried event appears once per attempt that got an answer). */
  readonly received: ReceivedWebhook[];
  /** The secret signatures are checked against; set it once the webhook is created. */
  secret: string;
  /** Chooses the status per request (default 200); return `'hang'` to never answer. */
  respond: (event: WebhookEnvelope, nth: number) => number | 'hang';
  /** Closes the listener and drops open connections: the receiver is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (a free port unless `port` is given). */
export async function startWebhookReceiver(
  opts: { port?: number; path?: string } = {},
): Promise<WebhookReceiver> {
  const path = opts.path ?? '/hook';
  let server: Server | undefined;
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received: [],
    secret: '',
    respond: () => 200,
    stop: async () => {
      const s = server;
      server = undefined;
      if (s === undefined) return;
      for (const res of hanging) res.destroy();
      hanging.clear();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    start: async () => {
      server = await listen(receiver.port, handle);
    },
    close: () => receiver.stop(),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = WebhookEnvelope.safeParse(safeJson(body));
    if (req.method !== 'POST' || req.url !== path || !parsed.success) {
      res.writeHead(400).end();
      return;
    }
    const signature = req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
    const header = typeof signature === 'string' ? signature : undefined;
    const validSignature =
      header !== undefined && receiver.secret !== '' && (await verifyWebhook(receiver.secret, body, header));
    const nth = receiver.received.filter((r) => r.event.id === parsed.data.id).length;
    const status = receiver.respond(parsed.data, nth);
    if (status === 'hang') {
      hanging.add(res);
      return;
    }
    receiver.received.push({ body, signature: header, event: parsed.data, validSignature, status });
    res.writeHead(status).end();
  };

  server = await listen(opts.port ?? 0, handle);
  const port = (server.address() as AddressInfo).port;
  Object.assign(receiver, { port, url: `http://127.0.0.1:${port}${path}` });
  return receiver;
}

function listen(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
