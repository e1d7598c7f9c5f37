import type { AuthorizeDecision, AuthorizeRequest } from '@mediaplane/protocol';
import { lifecycleOf } from '../apps/lifecycle-of.ts';
import { cachedAppPolicy } from '../apps/policy-cache.ts';
import type { ServiceContext } from '../context.ts';
import { verifyToken } from '../tokens/verify-token.ts';

/**
 * Applies the app's policy for `action`: `open` allows, `token` requires `params.token`
 * to be a valid, unexpired token for this app, stream and action. Denials carry a loggable reason;
 * an allow carries the app's lifecycle settings, so the node holds no policy of its own.
 * The policy is this process's copy, at most a second old (see policy-cache.ts).
 */
export async function authorizeAccess({
  ctx,
  input,
  action,
}: {
  ctx: ServiceContext;
  input: AuthorizeRequest;
  action: 'publish' | 'play';
}): Promise<AuthorizeDecision> {
  const policy = await cachedAppPolicy({ ctx, app: input.app });
  const mode = action === 'publish' ? policy.publish : policy.play;
  const allow: AuthorizeDecision = { allow: true, lifecycle: lifecycleOf(policy) };
  if (mode === 'open') return allow;
  const token = input.params.token;
  if (token === undefined || token === '') return { allow: false, reason: 'token required' };
  const check = await verifyToken({
    ctx,
    token,
    app: input.app,
    stream: input.stream,
    action,
  });
  return check.ok ? allow : { allow: false, reason: check.reason };
}
