import { AppPathParams, AppPolicyResult } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { getAppPolicy } from '../../../../domain/apps/get-app-policy.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams } from '../input.ts';

export const getPolicyDoc: RouteDoc = {
  method: 'get',
  path: '/v1/apps/{app}/policy',
  tag: 'apps',
  summary: "Get an app's policy",
  description: 'An app nobody configured has the defaults: open publish and play.',
  params: AppPathParams,
  responses: { 200: { description: 'The effective policy', schema: AppPolicyResult } },
};

/** GET /v1/apps/{app}/policy. */
export function mountGetPolicy(app: Hono<AppEnv>): void {
  app.get('/:app/policy', async (c) => {
    const { app: name } = parseParams(c, AppPathParams);
    const policy = await getAppPolicy({ ctx: serviceContext(c), app: name });
    return c.json({ app: name, ...policy } satisfies AppPolicyResult);
  });
}
