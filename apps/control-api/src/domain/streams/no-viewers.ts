import type { AppPolicy, NoViewersDecision, NoViewersReport } from '@mediaplane/protocol';
import { z } from 'zod';
import { cachedAppPolicy } from '../apps/policy-cache.ts';
import type { ServiceContext } from '../context.ts';
import { askDecisionUrl, askDepsOf } from '../decisions/ask-decision-url.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

/** What a business app's decision URL may answer about an unwatched stream. */
const NoViewersReply = z.object({ action: z.enum(['close', 'keep']) });

/**
 * A stream has had no readers for a while: the app's `noneReaderAction` decides; `ask` asks its
 * decision URL (no URL, or any failure, means keep). Every report enqueues one `stream.no_viewers` webhook.
 */
export async function decideNoViewers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: NoViewersReport;
}): Promise<NoViewersDecision> {
  const policy = await cachedAppPolicy({ ctx, app: input.app });
  const action = policy.noneReaderAction === 'ask' ? await ask(ctx, input, policy) : policy.noneReaderAction;
  const { vhost, app, stream, nodeId, idleMs, source } = input;
  const data = { vhost, app, stream, nodeId, idleMs, source, decision: action };
  await enqueueWebhookEvent(ctx.db, { type: 'stream.no_viewers', data, at: ctx.now() });
  ctx.log.info('stream has no viewers', {
    app,
    stream,
    nodeId,
    idleMs,
    decision: action,
    requestId: ctx.requestId,
  });
  return { action };
}

async function ask(
  ctx: ServiceContext,
  input: NoViewersReport,
  policy: AppPolicy,
): Promise<'close' | 'keep'> {
  if (policy.decisionUrl === null) return 'keep';
  const { vhost, app, stream, nodeId, idleMs, source } = input;
  const answer = await askDecisionUrl(
    {
      url: policy.decisionUrl,
      timeoutMs: policy.decisionTimeoutMs,
      question: { type: 'stream.no_viewers', data: { vhost, app, stream, nodeId, idleMs, source } },
      reply: NoViewersReply,
    },
    askDepsOf(ctx),
  );
  if (answer.ok) return answer.value.action;
  ctx.log.warn('decision URL gave no usable answer; stream kept', {
    app,
    stream,
    reason: answer.reason,
    durationMs: answer.durationMs,
    requestId: ctx.requestId,
  });
  return 'keep';
}
