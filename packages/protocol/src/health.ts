import { z } from 'zod';

/** GET /health reply. */
export const Health = z.object({ ok: z.literal(true) });
/** A health reply. */
export type Health = z.infer<typeof Health>;
