import {
  type Heartbeat,
  type HeartbeatStream,
  type NoViewersReport,
  type SessionEnded,
  type SessionEvent,
  type SessionStarted,
  type StreamNotFoundReport,
  WebhookEventType,
} from '@mediaplane/protocol';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import { webhookDeliveries, webhookEvents, webhooks } from '../src/db/schema/index.ts';
import { TRACKS } from './factories.ts';

// Factories for heartbeats and session events, and a look into the webhook outbox.

/** A heartbeat at `at` (ms since epoch) listing `streams`. */
export function heartbeat(nodeId: string, at: number, streams: HeartbeatStream[] = []): Heartbeat {
  return {
    nodeId,
    at: new Date(at).toISOString(),
    load: { cpuPercent: 12.5, rssBytes: 50_000_000, sessions: 3 },
    streams,
  };
}

/** A heartbeat entry for `live/<stream>`. */
export function beatStream(stream: string, over: Partial<HeartbeatStream> = {}): HeartbeatStream {
  return {
    vhost: '__defaultVhost__',
    app: 'live',
    stream,
    readers: { total: 3, byProtocol: { rtmp: 1, 'http-flv': 2 } },
    bitrateKbps: 1500,
    tracks: TRACKS,
    ...over,
  };
}

/** A session.started of a player of `live/<stream>` at `startedAt`. */
export function sessionStarted(
  sessionId: string,
  stream: string,
  startedAt: number,
  over: Partial<SessionStarted> = {},
): SessionStarted {
  return {
    type: 'session.started',
    vhost: '__defaultVhost__',
    app: 'live',
    stream,
    sessionId,
    protocol: 'http-flv',
    role: 'player',
    ip: '192.0.2.7',
    startedAt: new Date(startedAt).toISOString(),
    at: new Date(startedAt).toISOString(),
    ...over,
  };
}

/** The session.ended matching a session.started, `ms` later. */
export function sessionEnded(
  started: SessionStarted,
  ms: number,
  over: Partial<SessionEnded> = {},
): SessionEnded {
  const endedAt = new Date(Date.parse(started.startedAt) + ms).toISOString();
  const { at: _at, type: _type, ...facts } = started;
  return {
    ...facts,
    type: 'session.ended',
    at: endedAt,
    endedAt,
    bytesIn: 1_000,
    bytesOut: 2_000_000,
    durationMs: ms,
    reason: 'peer closed',
    ...over,
  };
}

/** A POST /node/v1/sessions body. */
export function sessionBatch(nodeId: string, ...events: SessionEvent[]) {
  return { nodeId, events };
}

/** Subscribes a (never delivered) webhook to every event type, so the outbox records them. */
export async function subscribeToEverything(db: Database): Promise<void> {
  await db.insert(webhooks).values({
    url: 'http://192.0.2.1/never',
    secret: 'test-secret',
    events: [...WebhookEventType.options],
  });
}

/** A POST /node/v1/streams/not-found body: an http-flv player missed `<app>/<stream>`. */
export function notFoundReport(
  nodeId: string,
  app: string,
  stream: string,
  over: Partial<StreamNotFoundReport> = {},
): StreamNotFoundReport {
  return { vhost: '__defaultVhost__', app, stream, nodeId, protocol: 'http-flv', params: {}, ...over };
}

/** A POST /node/v1/streams/no-viewers body: `<app>/<stream>`, fed by a publisher, unwatched for 20 s. */
export function noViewersReport(
  nodeId: string,
  app: string,
  stream: string,
  over: Partial<NoViewersReport> = {},
): NoViewersReport {
  return { vhost: '__defaultVhost__', app, stream, nodeId, idleMs: 20_000, source: 'publisher', ...over };
}

/** Outbox events about one node, in the order they were enqueued (one subscriber: one delivery each). */
export async function outboxOf(
  db: Database,
  nodeId: string,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return db
    .select({ type: webhookEvents.type, data: webhookEvents.data })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(sql`${webhookEvents.data}->>'nodeId' = ${nodeId}`)
    .orderBy(asc(webhookDeliveries.seq));
}

/** Outbox events about one node, however many webhooks subscribe (one row per event). */
export async function eventsOf(
  db: Database,
  nodeId: string,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return db
    .select({ type: webhookEvents.type, data: webhookEvents.data })
    .from(webhookEvents)
    .where(sql`${webhookEvents.data}->>'nodeId' = ${nodeId}`)
    .orderBy(asc(webhookEvents.createdAt));
}
