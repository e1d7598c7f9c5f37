import type { AuthorizeDecision, AuthorizeRequest } from '@mediaplane/protocol';
import type { ServiceContext } from '../context.ts';
import { authorizePlay } from './authorize-play.ts';
import { authorizePublish } from './authorize-publish.ts';

/** Routes an authorize request to the verb for its action. */
export function authorize(args: {
  ctx: ServiceContext;
  input: AuthorizeRequest;
}): Promise<AuthorizeDecision> {
  return args.input.action === 'publish' ? authorizePublish(args) : authorizePlay(args);
}
