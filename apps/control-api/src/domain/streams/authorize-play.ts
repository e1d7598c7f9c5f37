import type { AuthorizeDecision, AuthorizeRequest } from '@mediaplane/protocol';
import type { ServiceContext } from '../context.ts';
import { authorizeAccess } from './authorize-access.ts';

/** May this session play? The app's `play` policy decides (open by default). */
export function authorizePlay(args: {
  ctx: ServiceContext;
  input: AuthorizeRequest;
}): Promise<AuthorizeDecision> {
  return authorizeAccess({ ...args, action: 'play' });
}
