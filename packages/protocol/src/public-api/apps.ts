import { z } from 'zod';

/** Characters media nodes accept in one path segment (an app name, or a part of a stream name). */
export const NAME_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** An app: the first path segment of a stream URL, e.g. `live` in `rtmp://host/live/cam`. */
export const AppName = z
  .string()
  .min(1)
  .max(128)
  .regex(NAME_SEGMENT, 'must use only A-Z a-z 0-9 . _ ~ -')
  .refine((s) => s !== '.' && s !== '..', 'must not be . or ..');
/** An app name. */
export type AppName = z.infer<typeof AppName>;

/** Who may publish or play: anyone, or only holders of a token minted by the control API. */
export const AccessMode = z.enum(['open', 'token']);
/** An access mode. */
export type AccessMode = z.infer<typeof AccessMode>;

/** What happens when a stream has had no readers for `noneReaderDelayMs`: close it, keep it, or ask a webhook. */
export const NoneReaderAction = z.enum(['close', 'keep', 'ask']);
/** A none-reader action. */
export type NoneReaderAction = z.infer<typeof NoneReaderAction>;

// Durations are bounded to a day: larger values are always a unit mistake (seconds for milliseconds).
const Millis = z.number().int().min(0).max(86_400_000);
const DecisionUrl = z.string().max(2048).nullable();
const DecisionTimeoutMs = z.number().int().min(50).max(10_000);

/** Policy of one app; every field has a default, so an app nobody configured is open. */
export const AppPolicy = z.object({
  /** Who may publish. */
  publish: AccessMode,
  /** Who may play. */
  play: AccessMode,
  /** How long a player waits for a stream that is not live yet before `stream not found`. */
  maxStreamWaitMs: Millis,
  /** How long a stream may have no readers before `noneReaderAction` applies. */
  noneReaderDelayMs: Millis,
  /** What happens to a stream without readers. */
  noneReaderAction: NoneReaderAction,
  /** How long a stream stays reserved for its publisher after the publisher drops. */
  continuePushMs: Millis,
  /** An HLS session with no request for this long counts as ended. */
  hlsSessionIdleMs: Millis,
  /** Whether `continuePushMs` also applies after a clean unpublish. */
  continueOnCleanStop: z.boolean(),
  // Defaults: replies of APIs older than these two fields (golden fixtures) must keep parsing.
  /**
   * The business app's decision URL, asked synchronously on a stream miss (wait, pull or fail) and, with
   * `noneReaderAction: ask`, on an unwatched stream (close or keep). http(s); checked like webhook URLs.
   */
  decisionUrl: DecisionUrl.default(null),
  /** How long to wait for the decision URL before falling back (miss: wait; unwatched: keep). */
  decisionTimeoutMs: DecisionTimeoutMs.default(1000),
});
/** An app policy. */
export type AppPolicy = z.infer<typeof AppPolicy>;

/** The policy of an app without a stored one. */
export const DEFAULT_APP_POLICY: Readonly<AppPolicy> = Object.freeze({
  publish: 'open',
  play: 'open',
  maxStreamWaitMs: 15_000,
  noneReaderDelayMs: 20_000,
  noneReaderAction: 'close',
  continuePushMs: 15_000,
  hlsSessionIdleMs: 60_000,
  continueOnCleanStop: false,
  decisionUrl: null,
  decisionTimeoutMs: 1000,
});

/** PUT /v1/apps/{app}/policy body: any subset of the policy fields; the rest keep their value. */
// zod applies defaults inside `.partial()`, which would reset these on every PUT that omits them.
export const AppPolicyPatch = AppPolicy.partial().extend({
  decisionUrl: DecisionUrl.optional(),
  decisionTimeoutMs: DecisionTimeoutMs.optional(),
});
/** A partial policy. */
export type AppPolicyPatch = z.infer<typeof AppPolicyPatch>;

/** GET and PUT /v1/apps/{app}/policy reply: the whole effective policy of the app. */
export const AppPolicyResult = AppPolicy.extend({ app: AppName });
/** A policy reply. */
export type AppPolicyResult = z.infer<typeof AppPolicyResult>;

/** Path parameters of /v1/apps/{app}/... */
export const AppPathParams = z.object({ app: AppName });
/** App path parameters. */
export type AppPathParams = z.infer<typeof AppPathParams>;
