import type { AuthorizeDecision, AuthorizeRequest } from '@mediaplane/protocol';
import type { ServiceContext } from '../context.ts';
import { authorizeAccess } from './authorize-access.ts';

/** May this session publish? The app's `publish` policy decides (open by default). */
export function authorizePublish(args: {
  ctx: ServiceContext;
  input: AuthorizeRequest;
}): Promise<AuthorizeDecision> {
  return authorizeAccess({ ...args, action: 'publish' });
}
