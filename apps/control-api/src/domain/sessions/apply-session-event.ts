import type { SessionEnded, SessionEvent, SessionEvents, SessionStarted } from '@mediaplane/protocol';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { type SessionRow, sessions } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { touchNode } from '../nodes/touch-node.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';
import { sessionEndedData, sessionStartedData } from './webhook-data.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Records a node's session facts in order, each with its webhook, in one transaction. Idempotent:
 * replays change nothing and send no second webhook. An `ended` for a session never seen starting
 * (the node dropped the start while the API was down) records both. Returns, per event, whether it
 * changed anything.
 */
export async function applySessionEvents({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SessionEvents;
}): Promise<boolean[]> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await touchNode(tx, input.nodeId, now);
    const applied: boolean[] = [];
    for (const event of input.events) applied.push(await applyOne(tx, input.nodeId, event, now));
    return applied;
  });
}

async function applyOne(tx: Tx, nodeId: string, input: SessionEvent, now: Date): Promise<boolean> {
  const [existing] = await tx.select().from(sessions).where(eq(sessions.id, input.sessionId)).for('update');
  if (input.type === 'session.started') {
    if (existing) return false;
    const [row] = await tx.insert(sessions).values(startedRow(nodeId, input)).returning();
    await enqueueWebhookEvent(tx, { type: 'session.started', data: sessionStartedData(row!), at: now });
    return true;
  }
  const ended = endedFields(input);
  if (existing?.endedAt != null && sameEnd(existing, ended)) return false;
  const [row] = existing
    ? await tx.update(sessions).set(ended).where(eq(sessions.id, input.sessionId)).returning()
    : await tx
        .insert(sessions)
        .values({ ...startedRow(nodeId, input), ...ended })
        .returning();
  if (!existing) {
    await enqueueWebhookEvent(tx, { type: 'session.started', data: sessionStartedData(row!), at: now });
  }
  // A session the API already ended (its node looked offline) gets its real numbers, not a second webhook.
  if (existing?.endedAt == null) {
    await enqueueWebhookEvent(tx, {
      type: 'session.ended',
      data: sessionEndedData({ ...row!, endedAt: ended.endedAt }),
      at: now,
    });
  }
  return true;
}

function startedRow(nodeId: string, e: SessionStarted | SessionEnded) {
  return {
    id: e.sessionId,
    nodeId,
    vhost: e.vhost,
    app: e.app,
    stream: e.stream,
    protocol: e.protocol,
    role: e.role,
    ip: e.ip,
    startedAt: new Date(e.startedAt),
  };
}

function endedFields(e: SessionEnded) {
  return {
    endedAt: new Date(e.endedAt),
    bytesIn: e.bytesIn,
    bytesOut: e.bytesOut,
    endReason: e.reason ?? null,
  };
}

function sameEnd(row: SessionRow, ended: ReturnType<typeof endedFields>): boolean {
  return (
    row.endedAt?.getTime() === ended.endedAt.getTime() &&
    row.bytesIn === ended.bytesIn &&
    row.bytesOut === ended.bytesOut
  );
}
