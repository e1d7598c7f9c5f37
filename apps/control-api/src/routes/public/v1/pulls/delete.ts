import { PullPathParams } from '@mediaplane/protocol';
import type { Hono } from 'hono';
import { deletePull } from '../../../../domain/pulls/delete-pull.ts';
import type { AppEnv } from '../../../../hono-env.ts';
import type { RouteDoc } from '../../../../openapi/route-doc.ts';
import { serviceContext } from '../../../context.ts';
import { parseParams } from '../input.ts';

export const deletePullDoc: RouteDoc = {
  method: 'delete',
  path: '/v1/pulls/{id}',
  tag: 'pulls',
  summary: 'Remove a pull source',
  params: PullPathParams,
  responses: { 204: { description: 'Removed' } },
  errors: [404],
};

/** DELETE /v1/pulls/{id}. */
export function mountDeletePull(app: Hono<AppEnv>): void {
  app.delete('/:id', async (c) => {
    const { id } = parseParams(c, PullPathParams);
    await deletePull({ ctx: serviceContext(c), id });
    return c.body(null, 204);
  });
}
