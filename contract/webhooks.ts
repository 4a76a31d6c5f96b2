import * as z from "zod/mini";
import { httpUrl } from "./http-url";
import { commaList, pageLimit } from "./query-params";
import { InboundMedia, InboundMessageType } from "./inbound";
import { InstanceId, InstanceStatus } from "./instances";
import { WEBHOOK_EVENT_SAMPLES } from "./webhook-samples";

export { WEBHOOK_EVENT_SAMPLES };

// ---- event types and payloads ------------------------------------------------------------------

/** Every event a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "instance.status",
  "instance.qr",
  "message.received",
  "message.sent",
  "message.status",
  "message.reaction",
  "message.deleted",
  "call.received",
  "group.participants",
  "presence.update",
] as const;

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).register(z.globalRegistry, { id: "WebhookEventType" });
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** How the panel groups the event toggles. */
export const WEBHOOK_EVENT_GROUPS = {
  instance: ["instance.status", "instance.qr"],
  messages: ["message.received", "message.sent", "message.status", "message.reaction", "message.deleted"],
  other: ["call.received", "group.participants", "presence.update"],
} as const satisfies Record<string, readonly WebhookEventType[]>;

const iso = z.iso.datetime();
/** Any WhatsApp address as Baileys reports it: a JID (`…@s.whatsapp.net`, `…@g.us`, `…@lid`, `…@broadcast`…) or bare digits. */
const WHATSAPP_ADDRESS_PATTERN = /^[^\s@]+(?:@[a-z][a-z.]*)?$/;
const jidNamed = (description: string, example = "4915112345678@s.whatsapp.net") =>
  z.string().check(z.minLength(1), z.regex(WHATSAPP_ADDRESS_PATTERN)).register(z.globalRegistry, { description, example });
const jid = jidNamed("A WhatsApp JID or phone number");

/** `data` of `message.received`: the first version's fields (messageId, from, text, timestamp), then the rest. */
const messageReceived = z.object({
  messageId: z.string(),
  from: jidNamed("The chat it arrived in, as in the first version of this event: the sender in a one-to-one chat, the group in a group (the sender is then `participant`)"),
  text: z.optional(z.string()).register(z.globalRegistry, { description: "The text, or a media message's caption" }),
  timestamp: iso,
  chat: jidNamed("The chat it arrived in: a user, or a group (`…@g.us`)"),
  fromMe: z.boolean().register(z.globalRegistry, { description: "Always false here: the account's own messages (from its phone or this API) are `message.sent`" }),
  participant: z.optional(jidNamed("In a group, or through a broadcast list: who sent it")),
  pushName: z.optional(z.string()).register(z.globalRegistry, { description: "The sender's display name, as they set it in WhatsApp" }),
  type: InboundMessageType,
  quotedMessageId: z.optional(z.string()).register(z.globalRegistry, { description: "The message this one replies to" }),
  mentions: z.optional(z.array(jid)).register(z.globalRegistry, { description: "Who the text mentions (@…)" }),
  media: z.optional(InboundMedia).register(z.globalRegistry, { description: "image, video, audio, document and sticker messages" }),
  location: z.optional(z.object({ latitude: z.number(), longitude: z.number(), name: z.optional(z.string()), address: z.optional(z.string()) })),
  contacts: z.optional(z.array(z.object({ name: z.string(), vcard: z.string() }))).register(z.globalRegistry, { description: "contact messages: each card's name and vCard" }),
  poll: z.optional(
    z.object({ name: z.string(), options: z.array(z.string()), selectableCount: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "0: any number" }) }),
  ),
  offline: z
    .optional(z.literal(true))
    .register(z.globalRegistry, { description: "WhatsApp held it while the session was away (gateway stopped, connection dead) and delivered it when the session came back; `timestamp` is when it was sent" }),
});

/** `data` of each event type. Payloads never carry credentials (no tokens, keys or secrets). */
const webhookEventData = {
  "instance.status": z.object({
    status: InstanceStatus,
    statusCode: z.optional(z.number().check(z.int())),
    statusReason: z.optional(z.string()),
    seq: z.number().check(z.int(), z.nonnegative()),
  }),
  "instance.qr": z.object({
    qr: z.string().register(z.globalRegistry, { description: "The QR payload to render (not an image)" }),
    expiresAt: iso,
    attempt: z.number().check(z.int(), z.positive()),
    maxAttempts: z.number().check(z.int(), z.positive()),
    seq: z.number().check(z.int(), z.nonnegative()),
  }),
  "message.received": messageReceived,
  "message.sent": z.object({ messageId: z.string(), to: jid, text: z.optional(z.string()), timestamp: iso }),
  "message.status": z.object({
    messageId: z.string(),
    remoteJid: jid,
    status: z.enum(["server_ack", "delivered", "read", "played", "failed"]),
    reason: z.optional(z.string()).register(z.globalRegistry, { description: "Why the message failed (status failed only)" }),
    timestamp: iso,
  }),
  "message.reaction": z.object({
    messageId: z.string().register(z.globalRegistry, { description: "The message reacted to" }),
    remoteJid: jid,
    from: jid,
    emoji: z.string().register(z.globalRegistry, { description: "Empty when the reaction was removed" }),
    timestamp: iso,
  }),
  "message.deleted": z.object({ messageId: z.string(), remoteJid: jid, from: z.optional(jid), timestamp: iso }),
  "call.received": z.object({
    callId: z.string(),
    from: jid,
    isVideo: z.boolean(),
    isGroup: z.boolean(),
    status: z.enum(["offer", "ringing", "timeout", "reject", "accept", "terminate"]),
    timestamp: iso,
    rejected: z
      .optional(z.boolean())
      .register(z.globalRegistry, {
        description: "Only on an `offer` while the instance's `rejectCalls` setting is on: true, the gateway rejected the call (and sent `rejectCallMessage`, if set); false, WhatsApp did not take the rejection and the call rings on",
      }),
  }),
  "group.participants": z.object({
    groupJid: jid,
    action: z.enum(["add", "remove", "promote", "demote"]),
    participants: z.array(jid),
    author: z.optional(jid),
    timestamp: iso,
  }),
  "presence.update": z.object({
    jid,
    chat: z.optional(jidNamed("In a group: the group the presence was seen in", "120363000000000001@g.us")),
    presence: z.enum(["available", "unavailable", "composing", "recording", "paused"]),
    lastSeen: z.optional(iso),
    timestamp: iso,
  }),
} as const satisfies Record<WebhookEventType, z.ZodMiniType>;
export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof webhookEventData)[T]>;

const envelopeBase = {
  id: z.string().check(z.regex(/^msg_[A-Za-z0-9]{10,40}$/)).register(z.globalRegistry, { description: "Event id; also sent as the webhook-id header (same on every attempt)" }),
  instanceId: z.optional(InstanceId),
  timestamp: z.iso.datetime().register(z.globalRegistry, { description: "When the gateway observed the event" }),
};

/** `message.status` → `MessageStatusEvent`: the name of an event's envelope in the OpenAPI document. */
export const webhookEventSchemaName = (type: WebhookEventType) => `${type.split(".").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}Event`;

const envelopeOf = (type: WebhookEventType): z.ZodMiniObject =>
  z.object({ ...envelopeBase, type: z.literal(type), data: webhookEventData[type] }).register(z.globalRegistry, { id: webhookEventSchemaName(type) });

/** Each event type's envelope, named (a component of its own in the OpenAPI document, and its `webhooks` entry). */
const webhookEventEnvelopes = Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, envelopeOf(type)])) as Record<WebhookEventType, z.ZodMiniObject>;

/** The body of every delivery: `{ id, type, instanceId?, timestamp, data }`. */
export const WebhookEnvelope = z
  .discriminatedUnion("type", WEBHOOK_EVENT_TYPES.map((type) => webhookEventEnvelopes[type]) as [z.ZodMiniObject, ...z.ZodMiniObject[]])
  .register(z.globalRegistry, { id: "WebhookEnvelope" });
export type WebhookEnvelope<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: { id: string; type: K; instanceId?: string; timestamp: string; data: WebhookEventData<K> };
}[T];

const WebhookEventTypeInfo = z
  .object({ type: WebhookEventType, group: z.enum(["instance", "messages", "other"]), sample: WebhookEnvelope })
  .register(z.globalRegistry, { id: "WebhookEventTypeInfo" });
export const WebhookEventTypeList = z.object({ items: z.array(WebhookEventTypeInfo) }).register(z.globalRegistry, { id: "WebhookEventTypeList" });
export type WebhookEventTypeList = z.infer<typeof WebhookEventTypeList>;

// ---- endpoints ---------------------------------------------------------------------------------

const WebhookId = z
  .string()
  .check(z.regex(/^whk_[A-Za-z0-9]{10,40}$/, "must be a webhook id like whk_…"))
  .register(z.globalRegistry, { description: "Webhook endpoint id", example: "whk_3kq9x2m1v8r4" });
const WebhookDeliveryId = z
  .string()
  .check(z.regex(/^whd_[A-Za-z0-9]{10,40}$/, "must be a delivery id like whd_…"))
  .register(z.globalRegistry, { description: "Delivery id", example: "whd_7hj2k9d0s1a3" });

/** What the API shows instead of a saved custom header's value. */
export const MASKED_VALUE = "••••";

export const WebhookUrl = httpUrl("Where deliveries are POSTed (http or https)", "https://example.com/hooks/whatsapp", "send them in a custom header instead");

/** Header names the gateway sets itself or that would break the request. */
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection"]);

export const WebhookHeaderName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "is required"),
    z.maxLength(100, "must be at most 100 characters"),
    z.regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)"),
    z.refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "is set by the gateway and cannot be overridden"),
    z.refine((name) => !name.toLowerCase().startsWith("webhook-"), "must not start with webhook- (reserved for the signature headers)"),
  );

export const WebhookHeaderValue = z
  .string()
  .check(
    z.maxLength(1024, "must be at most 1 KiB"),
    z.regex(/^[\t\x20-\x7e]*$/, "may only use visible ASCII characters, spaces and tabs"),
    z.refine((value) => value !== MASKED_VALUE, "must be the real value, not the mask"),
  );

const uniqueHeaderNames = z.superRefine((headers: Array<{ name: string }>, ctx) => {
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    const key = h.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "is listed twice" });
    seen.add(key);
  });
});

const WebhookHeaderInput = z.strictObject({ name: WebhookHeaderName, value: WebhookHeaderValue });
export const WebhookEvents = z.pipe(
  z.array(WebhookEventType).check(z.minLength(1, "must list at least one event type"), z.maxLength(WEBHOOK_EVENT_TYPES.length)),
  z.transform((events: WebhookEventType[]) => [...new Set(events)]),
);

const WebhookHealth = z.object({
  successRate24h: z
    .nullable(z.number().check(z.gte(0), z.lte(1)))
    .register(z.globalRegistry, { description: "Share of attempts in the last 24 h that got a 2xx; null when there were none" }),
  attempts24h: z.number().check(z.int(), z.nonnegative()),
  lastDeliveryAt: z.optional(iso),
  lastStatus: z.optional(z.enum(["succeeded", "failed"])),
  lastStatusCode: z.optional(z.number().check(z.int())),
  failingSince: z.optional(iso).register(z.globalRegistry, { description: "Every attempt since then failed" }),
});

export const Webhook = z
  .object({
    id: WebhookId,
    url: z.string(),
    enabled: z.boolean(),
    description: z.optional(z.string()),
    events: z.array(WebhookEventType),
    instanceId: z.nullable(InstanceId).register(z.globalRegistry, { description: "null: every instance (global)" }),
    headers: z
      .array(z.object({ name: z.string(), value: z.literal(MASKED_VALUE) }))
      .register(z.globalRegistry, { description: "Custom headers; values are never shown again once saved" }),
    secretHint: z.string().register(z.globalRegistry, { description: "The first characters of the signing secret, to tell secrets apart", example: "whsec_AbCd…" }),
    previousSecretExpiresAt: z.optional(iso).register(z.globalRegistry, { description: "Until then the previous secret also signs every delivery" }),
    createdAt: iso,
    updatedAt: iso,
    disabledReason: z.optional(z.string()),
    disabledAt: z.optional(iso),
    health: WebhookHealth,
  })
  .register(z.globalRegistry, { id: "Webhook" });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookSecret = z
  .string()
  .check(z.regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/))
  .register(z.globalRegistry, { description: "The signing secret (Standard Webhooks): shown once", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

export const WebhookWithSecret = z.extend(Webhook, { secret: WebhookSecret }).register(z.globalRegistry, { id: "WebhookWithSecret" });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

const MAX_HEADERS = "must have at most 20 headers";
const webhookDescription = () => z.string().check(z.trim(), z.maxLength(200, "must be at most 200 characters"));

export const CreateWebhookRequest = z
  .strictObject({
    url: WebhookUrl,
    description: z.optional(webhookDescription()),
    events: WebhookEvents,
    instanceId: z.optional(z.nullable(InstanceId)).register(z.globalRegistry, { description: "Bind to one instance; omit or null for every instance" }),
    enabled: z._default(z.boolean(), true),
    headers: z._default(z.array(WebhookHeaderInput).check(z.maxLength(20, MAX_HEADERS), uniqueHeaderNames), []),
  })
  .register(z.globalRegistry, { id: "CreateWebhookRequest" });
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequest>;

/** A header in an update: omit `value` (or send the mask) to keep the value already saved under that name. */
const WebhookHeaderPatch = z.strictObject({
  name: WebhookHeaderName,
  value: z.optional(z.union([z.literal(MASKED_VALUE), WebhookHeaderValue])),
});

export const UpdateWebhookRequest = z
  .strictObject({
    url: z.optional(WebhookUrl),
    description: z.optional(z.nullable(webhookDescription())),
    events: z.optional(WebhookEvents),
    instanceId: z.optional(z.nullable(InstanceId)),
    enabled: z.optional(z.boolean()),
    headers: z.optional(z.array(WebhookHeaderPatch).check(z.maxLength(20, MAX_HEADERS), uniqueHeaderNames)).register(z.globalRegistry, {
      description: "Replaces the list; a header without a value (or with the mask) keeps its saved value",
    }),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "must change at least one field"))
  .register(z.globalRegistry, { id: "UpdateWebhookRequest" });
export type UpdateWebhookRequest = z.input<typeof UpdateWebhookRequest>;

export const RotateSecretRequest = z
  .strictObject({
    graceSeconds: z
      ._default(z.number().check(z.int(), z.gte(0), z.lte(7 * 24 * 3600)), 24 * 3600)
      .register(z.globalRegistry, { description: "How long the old secret keeps signing too (default 24 h)" }),
  })
  .register(z.globalRegistry, { id: "RotateSecretRequest" });
export const RotateSecretResponse = z
  .object({ webhook: Webhook, secret: WebhookSecret, previousSecretExpiresAt: z.nullable(iso) })
  .register(z.globalRegistry, { id: "RotateSecretResponse" });
export type RotateSecretResponse = z.infer<typeof RotateSecretResponse>;

export const WebhookIdParams = z.object({ id: WebhookId });
export const WebhookDeliveryIdParams = z.object({ id: WebhookDeliveryId });

const cursorQuery = {
  limit: pageLimit(500, 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
};

export const ListWebhooksQuery = z.strictObject({
  instanceId: z.optional(InstanceId).register(z.globalRegistry, { description: "Only endpoints that receive this instance's events (bound to it, or global)" }),
  ...cursorQuery,
});
export const WebhookList = z.object({ items: z.array(Webhook), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "WebhookList" });
export type WebhookList = z.infer<typeof WebhookList>;

// ---- deliveries and attempts -------------------------------------------------------------------

export const DeliveryStatus = z.enum(["pending", "retrying", "succeeded", "failed", "disabled"]).register(z.globalRegistry, { id: "WebhookDeliveryStatus" });
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookDelivery = z
  .object({
    id: WebhookDeliveryId,
    webhookId: WebhookId,
    eventId: z.string().register(z.globalRegistry, { description: "The webhook-id header: the same on every attempt and on replays" }),
    event: WebhookEventType,
    instanceId: z.optional(InstanceId),
    status: DeliveryStatus,
    attempts: z.number().check(z.int(), z.nonnegative()),
    nextAttemptAt: z.optional(iso),
    lastStatusCode: z.optional(z.number().check(z.int())),
    lastLatencyMs: z.optional(z.number().check(z.int(), z.nonnegative())),
    lastError: z.optional(z.string()),
    test: z.boolean().register(z.globalRegistry, { description: "Sent by the test tool" }),
    replayOf: z.optional(WebhookDeliveryId),
    createdAt: iso,
    updatedAt: iso,
  })
  .register(z.globalRegistry, { id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookAttempt = z
  .object({
    n: z.number().check(z.int(), z.positive()),
    at: iso,
    url: z.string(),
    statusCode: z.optional(z.number().check(z.int())),
    latencyMs: z.number().check(z.int(), z.nonnegative()),
    error: z.optional(z.string()),
    responseExcerpt: z.string().check(z.maxLength(1024)).register(z.globalRegistry, { description: "The first 1 KiB of the response body" }),
    responseHeaders: z.record(z.string(), z.string()),
    requestHeaders: z.record(z.string(), z.string()).register(z.globalRegistry, { description: "As sent; custom header values masked" }),
  })
  .register(z.globalRegistry, { id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDeliveryDetail = z
  .extend(WebhookDelivery, {
    body: z.string().register(z.globalRegistry, { description: "The exact body sent (JSON text)" }),
    attemptLog: z.array(WebhookAttempt),
  })
  .register(z.globalRegistry, { id: "WebhookDeliveryDetail" });
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetail>;

const deliveryFilters = {
  status: commaList(DeliveryStatus, "Comma-separated statuses"),
  event: commaList(WebhookEventType, "Comma-separated event types"),
  instanceId: z.optional(InstanceId).register(z.globalRegistry, { description: "Only this instance's events" }),
  from: z.optional(iso).register(z.globalRegistry, { description: "Created at or after (ISO-8601)" }),
  to: z.optional(iso).register(z.globalRegistry, { description: "Created before (ISO-8601)" }),
  ...cursorQuery,
};
const fromBeforeTo = z.refine<{ from?: string; to?: string }>((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
  path: ["to"],
  message: "must not be before from",
});

/** One endpoint's deliveries. */
export const ListDeliveriesQuery = z.strictObject(deliveryFilters).check(fromBeforeTo);
/** Deliveries across endpoints (e.g. an instance's page), optionally of one endpoint. */
export const ListAllDeliveriesQuery = z.strictObject({ ...deliveryFilters, webhookId: z.optional(WebhookId) }).check(fromBeforeTo);
export const WebhookDeliveryList = z
  .object({ items: z.array(WebhookDelivery), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: "WebhookDeliveryList" });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

// ---- test tool ---------------------------------------------------------------------------------

export const TestWebhookRequest = z.strictObject({ event: WebhookEventType }).register(z.globalRegistry, { id: "TestWebhookRequest" });
export const TestWebhookResponse = z
  .object({
    ok: z.boolean().register(z.globalRegistry, { description: "The receiver answered 2xx" }),
    statusCode: z.optional(z.number().check(z.int())),
    latencyMs: z.number().check(z.int(), z.nonnegative()),
    responseHeaders: z.record(z.string(), z.string()),
    bodyExcerpt: z.string().check(z.maxLength(1024)),
    error: z.optional(z.string()),
    payloadId: z.string().register(z.globalRegistry, { description: "The webhook-id of the signed sample (verify it on the receiver)" }),
    deliveryId: WebhookDeliveryId,
  })
  .register(z.globalRegistry, { id: "TestWebhookResponse" });
export type TestWebhookResponse = z.infer<typeof TestWebhookResponse>;
