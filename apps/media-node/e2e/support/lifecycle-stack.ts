import { FAST_WEBHOOKS } from './lifecycle-api.ts';
import { type Stack, startStack } from './stack.ts';

/**
 * A stack for lifecycle tests: loopback pull sources allowed on both sides (the API's check and the
 * node's own), test-speed webhook retries.
 */
export function startLifecycleStack(): Promise<Stack> {
  return startStack(
    { pull: { allowPrivate: true } },
    { allowPrivatePullUrls: true, webhooks: FAST_WEBHOOKS },
  );
}

/** Resolves true once the control API lists `app/stream` as live (the node announced it). */
export async function isListed(stack: Stack, app: string, stream: string): Promise<boolean> {
  return (await stack.api.listStreams()).some((r) => r.app === app && r.stream === stream);
}
