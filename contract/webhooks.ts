import { z } from "zod";
import { commaList } from "./query-params";
import { MASKED_VALUE, WEBHOOK_EVENT_GROUPS, WEBHOOK_EVENT_TYPES } from "./constants";
import { InstanceId, InstanceStatus } from "./instances";
import { WEBHOOK_EVENT_SAMPLES } from "./webhook-samples";

export { MASKED_VALUE, WEBHOOK_EVENT_GROUPS, WEBHOOK_EVENT_SAMPLES, WEBHOOK_EVENT_TYPES };

// ---- event types and payloads ------------------------------------------------------------------

/** Every event a webhook endpoint can subscribe to. */
export const WebhookEventType = z
  .enum(WEBHOOK_EVENT_TYPES)
  .meta({ id: "WebhookEventType" });
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const iso = z.iso.datetime();
/** Any WhatsApp address as Baileys reports it: a JID (`…@s.whatsapp.net`, `…@g.us`, `…@lid`, `…@broadcast`…) or bare digits. */
const WHATSAPP_ADDRESS_PATTERN = /^[^\s@]+(?:@[a-z][a-z.]*)?$/;
const jid = z.string().min(1).regex(WHATSAPP_ADDRESS_PATTERN).meta({ description: "A WhatsApp JID or phone number", example: "4915112345678@s.whatsapp.net" });

/** `data` of each event type. Payloads never carry credentials (no tokens, keys or secrets). */
export const webhookEventData = {
  "instance.status": z.object({
    status: InstanceStatus,
    statusCode: z.number().int().optional(),
    statusReason: z.string().optional(),
    seq: z.number().int().nonnegative(),
  }),
  "instance.qr": z.object({
    qr: z.string().meta({ description: "The QR payload to render (not an image)" }),
    expiresAt: iso,
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    seq: z.number().int().nonnegative(),
  }),
  "message.received": z.object({ messageId: z.string(), from: jid, text: z.string().optional(), timestamp: iso }),
  "message.sent": z.object({ messageId: z.string(), to: jid, text: z.string().optional(), timestamp: iso }),
  "message.status": z.object({
    messageId: z.string(),
    remoteJid: jid,
    status: z.enum(["server_ack", "delivered", "read", "played"]),
    timestamp: iso,
  }),
  "message.reaction": z.object({
    messageId: z.string().meta({ description: "The message reacted to" }),
    remoteJid: jid,
    from: jid,
    emoji: z.string().meta({ description: "Empty when the reaction was removed" }),
    timestamp: iso,
  }),
  "message.deleted": z.object({ messageId: z.string(), remoteJid: jid, from: jid.optional(), timestamp: iso }),
  "call.received": z.object({
    callId: z.string(),
    from: jid,
    isVideo: z.boolean(),
    isGroup: z.boolean(),
    status: z.enum(["offer", "ringing", "timeout", "reject", "accept", "terminate"]),
    timestamp: iso,
  }),
  "group.participants": z.object({
    groupJid: jid,
    action: z.enum(["add", "remove", "promote", "demote"]),
    participants: z.array(jid),
    author: jid.optional(),
    timestamp: iso,
  }),
  "presence.update": z.object({
    jid,
    presence: z.enum(["available", "unavailable", "composing", "recording", "paused"]),
    lastSeen: iso.optional(),
    timestamp: iso,
  }),
} as const satisfies Record<WebhookEventType, z.ZodType>;
export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof webhookEventData)[T]>;

const envelopeBase = {
  id: z.string().regex(/^msg_[A-Za-z0-9]{10,40}$/).meta({ description: "Event id; also sent as the webhook-id header (same on every attempt)" }),
  instanceId: InstanceId.optional(),
  timestamp: iso.meta({ description: "When the gateway observed the event" }),
};

/** `message.status` → `MessageStatusEvent`: the name of an event's envelope in the OpenAPI document. */
export const webhookEventSchemaName = (type: WebhookEventType) => `${type.split(".").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}Event`;

const envelopeOf = (type: WebhookEventType): z.ZodObject =>
  z.object({ ...envelopeBase, type: z.literal(type), data: webhookEventData[type] }).meta({ id: webhookEventSchemaName(type) });

/** Each event type's envelope, named (a component of its own in the OpenAPI document, and its `webhooks` entry). */
const webhookEventEnvelopes = Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, envelopeOf(type)])) as Record<WebhookEventType, z.ZodObject>;

/** The body of every delivery: `{ id, type, instanceId?, timestamp, data }`. */
export const WebhookEnvelope = z
  .discriminatedUnion("type", WEBHOOK_EVENT_TYPES.map((type) => webhookEventEnvelopes[type]) as [z.ZodObject, ...z.ZodObject[]])
  .meta({ id: "WebhookEnvelope" });
export type WebhookEnvelope<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: { id: string; type: K; instanceId?: string; timestamp: string; data: WebhookEventData<K> };
}[T];

export const WebhookEventTypeInfo = z
  .object({ type: WebhookEventType, group: z.enum(["instance", "messages", "other"]), sample: WebhookEnvelope })
  .meta({ id: "WebhookEventTypeInfo" });
export const WebhookEventTypeList = z.object({ items: z.array(WebhookEventTypeInfo) }).meta({ id: "WebhookEventTypeList" });
export type WebhookEventTypeList = z.infer<typeof WebhookEventTypeList>;

// ---- endpoints ---------------------------------------------------------------------------------

export const WebhookId = z
  .string()
  .regex(/^whk_[A-Za-z0-9]{10,40}$/, "must be a webhook id like whk_…")
  .meta({ description: "Webhook endpoint id", example: "whk_3kq9x2m1v8r4" });
export const WebhookDeliveryId = z
  .string()
  .regex(/^whd_[A-Za-z0-9]{10,40}$/, "must be a delivery id like whd_…")
  .meta({ description: "Delivery id", example: "whd_7hj2k9d0s1a3" });

/** What every masked header value looks like once saved. */

export const WebhookUrl = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2048, "must be at most 2048 characters")
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an absolute URL like https://example.com/hooks/whatsapp" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "must use https:// or http://" });
    else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "must not contain credentials; send them in a custom header instead" });
    else if (!url.hostname) ctx.addIssue({ code: "custom", message: "must name a host" });
  })
  .meta({ description: "Where deliveries are POSTed (http or https)", example: "https://example.com/hooks/whatsapp" });

/** Header names the gateway sets itself or that would break the request. */
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection"]);

export const WebhookHeaderName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)")
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "is set by the gateway and cannot be overridden")
  .refine((name) => !name.toLowerCase().startsWith("webhook-"), "must not start with webhook- (reserved for the signature headers)");

export const WebhookHeaderValue = z
  .string()
  .max(1024, "must be at most 1 KiB")
  .regex(/^[\t\x20-\x7e]*$/, "may only use visible ASCII characters, spaces and tabs")
  .refine((value) => value !== MASKED_VALUE, "must be the real value, not the mask");

const uniqueHeaderNames = (headers: Array<{ name: string }>, ctx: z.core.$RefinementCtx) => {
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    const key = h.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "is listed twice" });
    seen.add(key);
  });
};

export const WebhookHeaderInput = z.strictObject({ name: WebhookHeaderName, value: WebhookHeaderValue });
export const WebhookEvents = z
  .array(WebhookEventType)
  .min(1, "must list at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const WebhookHealth = z.object({
  successRate24h: z.number().min(0).max(1).nullable().meta({ description: "Share of attempts in the last 24 h that got a 2xx; null when there were none" }),
  attempts24h: z.number().int().nonnegative(),
  lastDeliveryAt: iso.optional(),
  lastStatus: z.enum(["succeeded", "failed"]).optional(),
  lastStatusCode: z.number().int().optional(),
  failingSince: iso.optional().meta({ description: "Every attempt since then failed" }),
});

export const Webhook = z
  .object({
    id: WebhookId,
    url: z.string(),
    enabled: z.boolean(),
    description: z.string().optional(),
    events: z.array(WebhookEventType),
    instanceId: InstanceId.nullable().meta({ description: "null: every instance (global)" }),
    headers: z.array(z.object({ name: z.string(), value: z.literal(MASKED_VALUE) })).meta({ description: "Custom headers; values are never shown again once saved" }),
    secretHint: z.string().meta({ description: "The first characters of the signing secret, to tell secrets apart", example: "whsec_AbCd…" }),
    previousSecretExpiresAt: iso.optional().meta({ description: "Until then the previous secret also signs every delivery" }),
    createdAt: iso,
    updatedAt: iso,
    disabledReason: z.string().optional(),
    disabledAt: iso.optional(),
    health: WebhookHealth,
  })
  .meta({ id: "Webhook" });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/)
  .meta({ description: "The signing secret (Standard Webhooks): shown once", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

export const WebhookWithSecret = Webhook.extend({ secret: WebhookSecret }).meta({ id: "WebhookWithSecret" });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const CreateWebhookRequest = z
  .strictObject({
    url: WebhookUrl,
    description: z.string().trim().max(200, "must be at most 200 characters").optional(),
    events: WebhookEvents,
    instanceId: InstanceId.nullable().optional().meta({ description: "Bind to one instance; omit or null for every instance" }),
    enabled: z.boolean().default(true),
    headers: z.array(WebhookHeaderInput).max(20, "must have at most 20 headers").superRefine(uniqueHeaderNames).default([]),
  })
  .meta({ id: "CreateWebhookRequest" });
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequest>;

/** A header in an update: omit `value` (or send the mask) to keep the value already saved under that name. */
export const WebhookHeaderPatch = z.strictObject({
  name: WebhookHeaderName,
  value: z.union([z.literal(MASKED_VALUE), WebhookHeaderValue]).optional(),
});

export const UpdateWebhookRequest = z
  .strictObject({
    url: WebhookUrl.optional(),
    description: z.string().trim().max(200, "must be at most 200 characters").nullable().optional(),
    events: WebhookEvents.optional(),
    instanceId: InstanceId.nullable().optional(),
    enabled: z.boolean().optional(),
    headers: z.array(WebhookHeaderPatch).max(20, "must have at most 20 headers").superRefine(uniqueHeaderNames).optional().meta({
      description: "Replaces the list; a header without a value (or with the mask) keeps its saved value",
    }),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field")
  .meta({ id: "UpdateWebhookRequest" });
export type UpdateWebhookRequest = z.input<typeof UpdateWebhookRequest>;

export const RotateSecretRequest = z
  .strictObject({
    graceSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(24 * 3600).meta({ description: "How long the old secret keeps signing too (default 24 h)" }),
  })
  .meta({ id: "RotateSecretRequest" });
export const RotateSecretResponse = z
  .object({ webhook: Webhook, secret: WebhookSecret, previousSecretExpiresAt: iso.nullable() })
  .meta({ id: "RotateSecretResponse" });
export type RotateSecretResponse = z.infer<typeof RotateSecretResponse>;

export const WebhookIdParams = z.object({ id: WebhookId });
export const WebhookDeliveryIdParams = z.object({ id: WebhookDeliveryId });

const cursorQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(512).optional(),
};

export const ListWebhooksQuery = z.strictObject({
  instanceId: InstanceId.optional().meta({ description: "Only endpoints that receive this instance's events (bound to it, or global)" }),
  ...cursorQuery,
});
export const WebhookList = z.object({ items: z.array(Webhook), nextCursor: z.string().nullable() }).meta({ id: "WebhookList" });
export type WebhookList = z.infer<typeof WebhookList>;

// ---- deliveries and attempts -------------------------------------------------------------------

export const DeliveryStatus = z.enum(["pending", "retrying", "succeeded", "failed", "disabled"]).meta({ id: "WebhookDeliveryStatus" });
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookDelivery = z
  .object({
    id: WebhookDeliveryId,
    webhookId: WebhookId,
    eventId: z.string().meta({ description: "The webhook-id header: the same on every attempt and on replays" }),
    event: WebhookEventType,
    instanceId: InstanceId.optional(),
    status: DeliveryStatus,
    attempts: z.number().int().nonnegative(),
    nextAttemptAt: iso.optional(),
    lastStatusCode: z.number().int().optional(),
    lastLatencyMs: z.number().int().nonnegative().optional(),
    lastError: z.string().optional(),
    test: z.boolean().meta({ description: "Sent by the test tool" }),
    replayOf: WebhookDeliveryId.optional(),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookAttempt = z
  .object({
    n: z.number().int().positive(),
    at: iso,
    url: z.string(),
    statusCode: z.number().int().optional(),
    latencyMs: z.number().int().nonnegative(),
    error: z.string().optional(),
    responseExcerpt: z.string().max(1024).meta({ description: "The first 1 KiB of the response body" }),
    responseHeaders: z.record(z.string(), z.string()),
    requestHeaders: z.record(z.string(), z.string()).meta({ description: "As sent; custom header values masked" }),
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDeliveryDetail = WebhookDelivery.extend({
  body: z.string().meta({ description: "The exact body sent (JSON text)" }),
  attemptLog: z.array(WebhookAttempt),
}).meta({ id: "WebhookDeliveryDetail" });
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetail>;


const deliveryFilters = {
  status: commaList(DeliveryStatus, "Comma-separated statuses"),
  event: commaList(WebhookEventType, "Comma-separated event types"),
  instanceId: InstanceId.optional().meta({ description: "Only this instance's events" }),
  from: iso.optional().meta({ description: "Created at or after (ISO-8601)" }),
  to: iso.optional().meta({ description: "Created before (ISO-8601)" }),
  ...cursorQuery,
};
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);

/** One endpoint's deliveries. */
export const ListDeliveriesQuery = z.strictObject(deliveryFilters).refine(fromBeforeTo, { path: ["to"], message: "must not be before from" });
/** Deliveries across endpoints (e.g. an instance's page), optionally of one endpoint. */
export const ListAllDeliveriesQuery = z
  .strictObject({ ...deliveryFilters, webhookId: WebhookId.optional() })
  .refine(fromBeforeTo, { path: ["to"], message: "must not be before from" });
export const WebhookDeliveryList = z
  .object({ items: z.array(WebhookDelivery), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookDeliveryList" });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

// ---- test tool ---------------------------------------------------------------------------------

export const TestWebhookRequest = z.strictObject({ event: WebhookEventType }).meta({ id: "TestWebhookRequest" });
export const TestWebhookResponse = z
  .object({
    ok: z.boolean().meta({ description: "The receiver answered 2xx" }),
    statusCode: z.number().int().optional(),
    latencyMs: z.number().int().nonnegative(),
    responseHeaders: z.record(z.string(), z.string()),
    bodyExcerpt: z.string().max(1024),
    error: z.string().optional(),
    payloadId: z.string().meta({ description: "The webhook-id of the signed sample (verify it on the receiver)" }),
    deliveryId: WebhookDeliveryId,
  })
  .meta({ id: "TestWebhookResponse" });
export type TestWebhookResponse = z.infer<typeof TestWebhookResponse>;
