import { z } from 'zod';
import { WebhookEventType } from '../webhooks/events.ts';

/** POST /v1/webhooks body; a secret is generated when none is given. */
export const CreateWebhookRequest = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048),
  events: z
    .array(WebhookEventType)
    .min(1, 'subscribe to at least one event type')
    .transform((events) => [...new Set(events)]),
  secret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
});
/** A webhook creation request. */
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

/** A webhook subscription as listed: never with its secret. */
export const WebhookInfo = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEventType),
  createdAt: z.iso.datetime({ offset: true }),
});
/** A webhook subscription. */
export type WebhookInfo = z.infer<typeof WebhookInfo>;

/** POST /v1/webhooks reply (201): the only time the secret is shown. */
export const CreatedWebhook = WebhookInfo.extend({ secret: z.string() });
/** A created webhook. */
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

/** GET /v1/webhooks reply. */
export const WebhookList = z.object({ data: z.array(WebhookInfo) });
/** A list of webhooks. */
export type WebhookList = z.infer<typeof WebhookList>;

/** One attempt to deliver: `statusCode` is null when no response came (refused, timed out, blocked). */
export const WebhookAttempt = z.object({
  at: z.iso.datetime({ offset: true }),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
});
/** A delivery attempt. */
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** Where a delivery stands: `failed` means retries gave up. */
export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
/** A delivery status. */
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One event to one webhook, with every attempt so far (oldest first). */
export const WebhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  type: z.string(),
  eventCreatedAt: z.iso.datetime({ offset: true }),
  status: WebhookDeliveryStatus,
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  deliveredAt: z.iso.datetime({ offset: true }).nullable(),
  attempts: z.array(WebhookAttempt),
});
/** A delivery. */
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** GET /v1/webhooks/{id}/deliveries reply, latest event first. */
export const WebhookDeliveryList = z.object({ data: z.array(WebhookDelivery) });
/** A list of deliveries. */
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

/** GET /v1/webhooks/{id}/deliveries query. */
export const WebhookDeliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** A deliveries query. */
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuery>;

/** Path parameters of /v1/webhooks/{id} routes. */
export const WebhookPathParams = z.object({ id: z.string().min(1).max(64) });
/** Webhook path parameters. */
export type WebhookPathParams = z.infer<typeof WebhookPathParams>;
