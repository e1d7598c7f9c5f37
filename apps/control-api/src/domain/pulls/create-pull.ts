import type { CreatePullInput, PullInfo } from '@mediaplane/protocol';
import { pulls } from '../../db/schema/index.ts';
import { randomBase64Url } from '../api-keys/random.ts';
import type { ServiceContext } from '../context.ts';
import { BadRequestError } from '../errors.ts';
import { checkPullUrl } from './check-pull-url.ts';
import { pullInfo } from './list-pulls.ts';

/** Stores a pull source after checking its URL (scheme allow-list; no private hosts unless allowed). */
export async function createPull({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreatePullInput;
}): Promise<PullInfo> {
  const check = checkPullUrl(input.url, { allowPrivate: ctx.allowPrivatePullUrls === true });
  if (!check.ok) throw new BadRequestError(`invalid request: 'url': ${check.reason}`);
  const [row] = await ctx.db
    .insert(pulls)
    .values({
      id: `pull_${randomBase64Url(12)}`,
      app: input.app,
      stream: input.stream,
      url: check.url,
      createdAt: ctx.now(),
    })
    .returning();
  ctx.log.info('pull source created', {
    id: row!.id,
    app: input.app,
    stream: input.stream,
    requestId: ctx.requestId,
  });
  return pullInfo(row!);
}
