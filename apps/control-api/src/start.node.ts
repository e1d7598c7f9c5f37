import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { buildApp } from './app.ts';
import { type ControlApiConfigInput, parseConfig } from './config.ts';
import { openDatabase } from './db/client.node.ts';
import type { Database } from './db/database.ts';
import { bootstrapApiKey } from './domain/api-keys/bootstrap-api-key.ts';
import { pinnedFetch } from './domain/net/pinned-fetch.node.ts';
import { startOfflineSweeper } from './domain/nodes/offline-sweeper.ts';
import { type RetentionTiming, startRetentionSweeper } from './domain/retention/retention-sweeper.ts';
import { startWebhookDelivery, type WebhookDeliveryOptions } from './domain/webhooks/start-delivery.node.ts';
import { createLogger, type Logger } from './log.ts';

/** A running control API. */
export interface ControlApiHandle {
  /** Base URL to reach it, e.g. `http://127.0.0.1:8090`. */
  url: string;
  /** The real port (useful when started with port 0). */
  port: number;
  db: Database;
  /** Stops listening, drops open connections and closes the database it opened. */
  close(): Promise<void>;
}

/** Options for embedding: tests and the standalone install may pass a database they own. */
export interface StartOptions {
  /** Use this database instead of opening one; it is not migrated or closed by the control API. */
  db?: Database;
  /** Where a generated API key is shown, once; defaults to stdout (never the logger). */
  printSecret?: (line: string) => void;
  /** Webhook delivery worker settings (tests use fast backoff), or false to not deliver from this process. */
  webhooks?: WebhookDeliveryOptions | false;
  /** When the retention sweep runs (tests sweep at once); what it keeps comes from `config.retention`. */
  retention?: RetentionTiming;
}

/** Starts the control API over HTTP on Node. */
export async function startControlApi(
  input: ControlApiConfigInput,
  log?: Logger,
  opts: StartOptions = {},
): Promise<ControlApiHandle> {
  const config = parseConfig(input);
  log ??= createLogger(config.logLevel);
  const opened = opts.db === undefined ? await openDatabase(config) : undefined;
  const db = opts.db ?? opened!.db;
  log.info('database ready', { database: opened?.describe ?? 'provided by caller' });

  try {
    const ctx = { db, log, requestId: 'startup', now: () => new Date() };
    const boot = await bootstrapApiKey({ ctx, configuredKey: config.apiKey });
    if (boot.kind === 'generated') {
      const print = opts.printSecret ?? ((line: string) => process.stdout.write(`${line}\n`));
      print(`Mediaplane: generated an admin API key (shown only this once, store it now): ${boot.key}`);
      log.warn('no API key existed: generated an admin key and printed it to stdout once');
    }
  } catch (err) {
    await opened?.close();
    throw err;
  }

  const app = buildApp({
    db,
    log,
    nodeSecret: config.nodeSecret,
    tokenSecret: config.tokenSecret,
    allowPrivatePullUrls: config.allowPrivatePullUrls,
    allowPrivateWebhookUrls: config.allowPrivateWebhookUrls,
    // Decision URLs are held to the webhook rules; the address check happens in the connect itself.
    outboundFetch: pinnedFetch({ allowPrivate: config.allowPrivateWebhookUrls }),
  });
  const server = createAdaptorServer({ fetch: app.fetch });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await opened?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}`;

  const sweeper = startOfflineSweeper({ db, log, offlineAfterMs: config.nodeOfflineAfterMs });
  const retention = startRetentionSweeper({ db, log, ...config.retention, ...opts.retention });
  const webhooks =
    opts.webhooks === false
      ? undefined
      : await startWebhookDelivery(db, log, {
          ...opts.webhooks,
          allowPrivateUrls: config.allowPrivateWebhookUrls,
        });
  log.info('control API listening', { url });
  log.warn(
    'default app policy is OPEN: apps without a policy allow every publish and play (set one with PUT /v1/apps/{app}/policy)',
  );
  if (config.nodeSecret === undefined) {
    log.warn('no node secret configured: the node API (/node/v1) accepts any caller');
  }
  if (config.allowPrivatePullUrls) {
    log.warn('allowPrivatePullUrls is on: pull sources may point at private and loopback hosts');
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await sweeper.stop();
      await retention.stop();
      await webhooks?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would otherwise hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await opened?.close();
      log.info('control API stopped', { url });
    })();
    return closing;
  };
  return { url, port, db, close };
}

// Wildcard binds are reachable on loopback; IPv6 literals need brackets in a URL.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
