import {
  type StreamNotFoundReport as NotFoundBody,
  StreamNotFoundDecision as NotFoundDecisionSchema,
  type NoViewersReport as NoViewersBody,
  NoViewersDecision as NoViewersDecisionSchema,
} from '@mediaplane/protocol';
import type { z } from 'zod';
import type { Policy } from '../core/policy.ts';
import type { ControlLog } from './delivery-queue.ts';
import type { CallOutcome } from './http.ts';

/** What the lifecycle calls share with the rest of the control client. */
export interface LifecycleCallsDeps {
  readonly nodeId: string;
  /**
   * POSTs to the control API with the lifecycle timeout (the API may wait on a business decision URL),
   * outside the authorize breaker: a slow decision must never make the node refuse publishes and plays.
   */
  readonly call: (path: string, body: unknown) => Promise<CallOutcome>;
  /** True while the authorize breaker fails fast: the API is known down, so answer the fallback at once. */
  readonly circuitOpen: () => boolean;
  readonly closed: () => boolean;
  readonly log: ControlLog;
}

/**
 * The stream-not-found and no-viewers reports. When the API cannot answer they never throw: a miss
 * keeps its players waiting and an unwatched stream is kept, each failure logged once.
 */
export function lifecycleCalls(deps: LifecycleCallsDeps): Pick<Policy, 'streamNotFound' | 'noViewers'> {
  const ask = async <T>(
    path: string,
    body: NotFoundBody | NoViewersBody,
    schema: z.ZodType<T>,
    fallback: T,
  ): Promise<T> => {
    const failed = (reason: string): T => {
      deps.log.warn('control API could not answer a lifecycle report: using the fallback', {
        path,
        app: body.app,
        stream: body.stream,
        fallback,
        reason,
      });
      return fallback;
    };
    if (deps.closed()) return fallback;
    if (deps.circuitOpen()) return failed('circuit open');
    const outcome = await deps.call(path, body);
    if (outcome.kind === 'unavailable') return failed(outcome.reason);
    if (outcome.kind === 'rejected') return failed(`HTTP ${outcome.status}: ${outcome.message}`);
    const decision = schema.safeParse(outcome.body);
    return decision.success ? decision.data : failed('unreadable decision');
  };

  return {
    streamNotFound: (r) =>
      ask(
        '/node/v1/streams/not-found',
        {
          vhost: r.vhost,
          app: r.app,
          stream: r.stream,
          nodeId: deps.nodeId,
          protocol: r.protocol,
          params: { ...r.params },
        },
        NotFoundDecisionSchema,
        { action: 'wait' },
      ),
    noViewers: (r) =>
      ask(
        '/node/v1/streams/no-viewers',
        {
          vhost: r.vhost,
          app: r.app,
          stream: r.stream,
          nodeId: deps.nodeId,
          idleMs: Math.max(0, Math.round(r.idleMs)),
          source: r.source,
        },
        NoViewersDecisionSchema,
        { action: 'keep' },
      ),
  };
}
