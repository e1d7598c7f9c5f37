import { z } from 'zod';
import { AppName } from './apps.ts';
import { StreamName } from './streams.ts';

/** URL schemes a pull source may use. */
export const PULL_URL_SCHEMES = ['rtmp', 'rtmps', 'http', 'https'] as const;

/** POST /v1/pulls body: fetch `url` when a player asks for `app/stream` (`*`: any stream of the app). */
export const CreatePullInput = z.object({
  app: AppName,
  stream: z.union([z.literal('*'), StreamName]),
  /** rtmp, rtmps, http or https; private and loopback hosts are refused unless the API allows them. */
  url: z.string().min(1).max(2048),
});
/** A pull source to create. */
export type CreatePullInput = z.infer<typeof CreatePullInput>;

/** A persisted pull source. */
export const PullInfo = z.object({
  id: z.string().min(1),
  app: z.string(),
  stream: z.string(),
  url: z.string(),
  createdAt: z.iso.datetime(),
});
/** A pull source. */
export type PullInfo = z.infer<typeof PullInfo>;

/** GET /v1/pulls reply. */
export const PullList = z.object({ data: z.array(PullInfo) });
/** A list of pull sources. */
export type PullList = z.infer<typeof PullList>;

/** GET /v1/pulls query: optionally one app's sources. */
export const PullListQuery = z.object({ app: AppName.optional() });
/** Pull list filters. */
export type PullListQuery = z.infer<typeof PullListQuery>;

/** Path parameters of /v1/pulls/{id}. */
export const PullPathParams = z.object({ id: z.string().min(1).max(64) });
/** Pull path parameters. */
export type PullPathParams = z.infer<typeof PullPathParams>;
