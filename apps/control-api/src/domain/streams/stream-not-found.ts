import type { StreamNotFoundDecision, StreamNotFoundReport } from '@mediaplane/protocol';
import { z } from 'zod';
import { cachedAppPolicy } from '../apps/policy-cache.ts';
import type { ServiceContext } from '../context.ts';
import { askDecisionUrl, askDepsOf } from '../decisions/ask-decision-url.ts';
import { checkPullUrl } from '../pulls/check-pull-url.ts';
import { fillPullUrl } from '../pulls/fill-pull-url.ts';
import { findPull } from '../pulls/find-pull.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

/** What a business app's decision URL may answer to a miss. */
const NotFoundReply = z.object({
  action: z.enum(['wait', 'pull', 'fail']),
  url: z.string().max(2048).optional(),
});

/**
 * A node has players for a stream nobody feeds. A pull source for it (exact name before `*`) answers
 * `pull`; else the app's decision URL is asked (wait, pull or fail; any failure means wait); else wait.
 * Every report enqueues one `stream.not_found` webhook carrying the decision.
 */
export async function decideStreamNotFound({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StreamNotFoundReport;
}): Promise<StreamNotFoundDecision> {
  const decision = (await fromPullSource(ctx, input)) ?? (await fromDecisionUrl(ctx, input));
  const { vhost, app, stream, nodeId, protocol } = input;
  const data = { vhost, app, stream, nodeId, protocol, decision: decision.action };
  await enqueueWebhookEvent(ctx.db, { type: 'stream.not_found', data, at: ctx.now() });
  ctx.log.info('stream not found', {
    app,
    stream,
    nodeId,
    decision: decision.action,
    ...(decision.action === 'pull' && decision.pullId !== undefined ? { pullId: decision.pullId } : {}),
    requestId: ctx.requestId,
  });
  return decision;
}

async function fromPullSource(
  ctx: ServiceContext,
  input: StreamNotFoundReport,
): Promise<StreamNotFoundDecision | undefined> {
  const pull = await findPull({ ctx, app: input.app, stream: input.stream });
  if (pull === undefined) return undefined;
  // Checked again: the names filled in could change the host, and the operator's flag may have changed.
  const checked = checkPullUrl(fillPullUrl(pull.url, input), {
    allowPrivate: ctx.allowPrivatePullUrls === true,
  });
  if (checked.ok) return { action: 'pull', url: checked.url, pullId: pull.id };
  ctx.log.warn('pull source refused for this stream; asking on', {
    pullId: pull.id,
    app: input.app,
    stream: input.stream,
    reason: checked.reason,
    requestId: ctx.requestId,
  });
  return undefined;
}

async function fromDecisionUrl(
  ctx: ServiceContext,
  input: StreamNotFoundReport,
): Promise<StreamNotFoundDecision> {
  const policy = await cachedAppPolicy({ ctx, app: input.app });
  if (policy.decisionUrl === null) return { action: 'wait' };
  const { vhost, app, stream, nodeId, protocol } = input;
  // The player's token is for the API only; the rest (a device id, say) is what the app may need.
  const { token: _token, ...params } = input.params;
  const answer = await askDecisionUrl(
    {
      url: policy.decisionUrl,
      timeoutMs: policy.decisionTimeoutMs,
      question: { type: 'stream.not_found', data: { vhost, app, stream, nodeId, protocol, params } },
      reply: NotFoundReply,
    },
    askDepsOf(ctx),
  );
  const fallBack = (reason: string) => {
    ctx.log.warn('decision URL gave no usable answer; players wait', {
      app,
      stream,
      reason,
      durationMs: answer.durationMs,
      requestId: ctx.requestId,
    });
    return { action: 'wait' } as const;
  };
  if (!answer.ok) return fallBack(answer.reason);
  const reply = answer.value;
  if (reply.action === 'wait') return { action: 'wait' };
  if (reply.action === 'fail') return { action: 'fail', reason: 'refused by the app' };
  if (reply.url === undefined) return fallBack("'url': required with action pull");
  const checked = checkPullUrl(reply.url, { allowPrivate: ctx.allowPrivatePullUrls === true });
  return checked.ok ? { action: 'pull', url: checked.url } : fallBack(`'url': ${checked.reason}`);
}
