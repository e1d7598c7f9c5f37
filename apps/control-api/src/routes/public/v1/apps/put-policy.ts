import { AppPathParams, AppPolicyPatch, AppPolicyResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { updateAppPolicy } from '../../../../domain/apps/update-app-policy.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseJson } from '../../../validate.ts';
import { parseParams } from '../input.ts';

export const putPolicyDoc: RouteDoc = {
  method: 'put',
  path: '/v1/apps/{app}/policy',
  tag: 'apps',
  summary: "Change an app's policy",
  description:
    'Send any subset of the fields; the others keep their current value. Returns the whole policy. ' +
    '`decisionUrl` (null clears it) must be http(s) without credentials; private, loopback and link-local hosts ' +
    'are refused unless the API allows private webhook URLs. It is POSTed `{ type, data }` on a stream miss ' +
    '(answer `{ action: "wait" | "pull" | "fail", url? }`) and, with `noneReaderAction: ask`, on an unwatched ' +
    'stream (answer `{ action: "close" | "keep" }`); no answer within `decisionTimeoutMs` means wait / keep.',
  params: AppPathParams,
  body: AppPolicyPatch,
  responses: { 200: { description: 'The policy after the change', schema: AppPolicyResult } },
};

/** PUT /v1/apps/{app}/policy: merge the given fields into the app's policy. */
export function mountPutPolicy(app: Hono<AppEnv>): void {
  app.put('/:app/policy', async (c) => {
    const { app: name } = parseParams(c, AppPathParams);
    const patch = await parseJson(c, AppPolicyPatch);
    const policy = await updateAppPolicy({ ctx: serviceContext(c), app: name, patch });
    return c.json({ app: name, ...policy } satisfies AppPolicyResult);
  });
}
