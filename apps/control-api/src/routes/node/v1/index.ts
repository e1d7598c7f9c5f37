import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BadRequestError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../../hono-env.ts';
import { nodeAuth } from '../../../middleware/node-auth.ts';
import { mountAuthorize } from './authorize.ts';
import { mountEvents } from './events.ts';
import { mountHeartbeat } from './heartbeat.ts';
import { mountRegister } from './register.ts';
import { mountSessions } from './sessions.ts';
import { mountStreamReports } from './streams.ts';

/** Largest node API body; a registration listing thousands of streams still fits. */
export const NODE_BODY_LIMIT_BYTES = 1024 * 1024;

/** The node API, mounted at /node/v1; every route requires the node secret when one is set. */
export function nodeV1Routes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', nodeAuth);
  app.use(
    '*',
    bodyLimit({
      maxSize: NODE_BODY_LIMIT_BYTES,
      onError: () => {
        throw new BadRequestError(`request body exceeds ${NODE_BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );
  mountRegister(app);
  mountAuthorize(app);
  mountEvents(app);
  mountHeartbeat(app);
  mountSessions(app);
  mountStreamReports(app);
  return app;
}
