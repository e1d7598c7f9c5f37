import type { AppPolicy, StreamLifecycle } from '@mediaplane/protocol';

/** The lifecycle settings a node needs for a stream of this app (sent with every allowed decision). */
export function lifecycleOf(policy: AppPolicy): StreamLifecycle {
  return {
    maxStreamWaitMs: policy.maxStreamWaitMs,
    noneReaderDelayMs: policy.noneReaderDelayMs,
    continuePushMs: policy.continuePushMs,
    continueOnCleanStop: policy.continueOnCleanStop,
  };
}
