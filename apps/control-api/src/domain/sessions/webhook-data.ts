import type { WebhookEventData } from '@mediaplane/protocol';
import type { SessionRow } from '../../db/schema/index.ts';

/** `session.started` webhook data of a session row. */
export function sessionStartedData(row: SessionRow): WebhookEventData['session.started'] {
  return {
    sessionId: row.id,
    nodeId: row.nodeId,
    vhost: row.vhost,
    app: row.app,
    stream: row.stream,
    protocol: row.protocol,
    role: row.role,
    ip: row.ip,
    startedAt: row.startedAt.toISOString(),
  };
}

/** `session.ended` webhook data (the flow report) of an ended session row. */
export function sessionEndedData(row: SessionRow & { endedAt: Date }): WebhookEventData['session.ended'] {
  return {
    ...sessionStartedData(row),
    endedAt: row.endedAt.toISOString(),
    bytesIn: row.bytesIn,
    bytesOut: row.bytesOut,
    durationMs: Math.max(0, row.endedAt.getTime() - row.startedAt.getTime()),
    ...(row.endReason === null ? {} : { reason: row.endReason }),
  };
}
