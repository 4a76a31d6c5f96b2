import * as z from "zod/mini";
import { PHONE_DIGITS_PATTERN } from "./recipients";

// Sandbox engine only: what the simulated contacts do to the instance (messages in, reactions, deletions, calls,
// group changes, presence). Each becomes the webhook event Baileys would cause.

/** The largest file an inbound sandbox message may carry (decoded), and the body that can hold it as base64. */
const SANDBOX_MEDIA_MAX_BYTES = 4 * 1024 * 1024;
export const SANDBOX_INBOUND_BODY_LIMIT = 6 * 1024 * 1024;

const digits = () => z.string().check(z.regex(PHONE_DIGITS_PATTERN, "must be digits only, country code first"));
const groupJid = () =>
  z
    .string()
    .check(z.regex(/^[0-9-]{10,40}@g\.us$/, "must be a group JID like 120363000000000001@g.us"))
    .register(z.globalRegistry, { description: "Deliver it in this group (`from` is then the member who wrote)", example: "120363000000000001@g.us" });
const messageId = () => z.string().check(z.regex(/^[A-Za-z0-9]{8,64}$/, "must be a message id (letters and digits)"));
/** The other kinds of chats a message can arrive in; an instance's settings may ignore each kind (docs/instance-settings.md). */
const otherChat = () =>
  z
    .string()
    .check(z.regex(/^(?:status@broadcast|[0-9]{6,25}@broadcast|[0-9]{6,25}@newsletter)$/, "must be status@broadcast, a broadcast list like 1700000000@broadcast or a channel like 120363000000000009@newsletter"))
    .register(z.globalRegistry, {
      description: "Deliver it as a status update (`status@broadcast`, `from` posted it), through a broadcast list (`…@broadcast`) or in a channel (`…@newsletter`) instead of a one-to-one chat; not with `group`",
      example: "status@broadcast",
    });

/** What every inbound message may carry besides its content. */
const envelope = {
  from: digits(),
  group: z.optional(groupJid()),
  chat: z.optional(otherChat()),
  pushName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).register(z.globalRegistry, { description: "The sender's display name" }),
  replyTo: z.optional(messageId()).register(z.globalRegistry, { description: "The id of a message this one quotes" }),
  mentions: z.optional(z.array(digits()).check(z.maxLength(50))).register(z.globalRegistry, { description: "Numbers the text mentions" }),
};

/** Linear on purpose: a grouped pattern like (?:[…]{4})* overflows V8's regexp stack on a few MiB. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const decodedLength = (b64: string) => (b64.length / 4) * 3 - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);
const fileData = () =>
  z
    .string()
    .check(
      z.minLength(4, "must not be empty"),
      z.maxLength(Math.ceil(SANDBOX_MEDIA_MAX_BYTES / 3) * 4, `must decode to at most ${SANDBOX_MEDIA_MAX_BYTES / 1024 / 1024} MiB`),
      z.regex(BASE64, "must be base64 (standard alphabet, padded)"),
      z.refine((b64) => b64.length % 4 === 0, "must be base64 (standard alphabet, padded)"),
      z.refine((b64) => decodedLength(b64) <= SANDBOX_MEDIA_MAX_BYTES, `must decode to at most ${SANDBOX_MEDIA_MAX_BYTES / 1024 / 1024} MiB`),
    )
    .register(z.globalRegistry, { description: "The file, base64-encoded (at most 4 MiB decoded)", example: "iVBORw0KGgo=" });

const text = () => z.string().check(z.minLength(1), z.maxLength(4096));
const media = <T extends "image" | "video" | "audio" | "document" | "sticker">(type: T) => ({
  type: z.literal(type),
  ...envelope,
  data: fileData(),
  mimetype: z.optional(z.string().check(z.regex(/^[a-z]+\/[A-Za-z0-9.+-]+(?:;.*)?$/, "must be a MIME type like image/jpeg"))),
});

export const SandboxInboundRequest = z
  .discriminatedUnion(
    "type",
    [
      z.strictObject({ type: z.optional(z.literal("text")), ...envelope, text: text() }),
      z.strictObject({ ...media("image"), caption: z.optional(text()) }),
      z.strictObject({ ...media("video"), caption: z.optional(text()) }),
      z.strictObject({ ...media("audio"), voiceNote: z.optional(z.boolean()) }),
      z.strictObject({ ...media("document"), caption: z.optional(text()), fileName: z.string().check(z.minLength(1), z.maxLength(255)) }),
      z.strictObject(media("sticker")),
      z.strictObject({
        type: z.literal("location"),
        ...envelope,
        latitude: z.number().check(z.gte(-90), z.lte(90)),
        longitude: z.number().check(z.gte(-180), z.lte(180)),
        name: z.optional(z.string().check(z.maxLength(256))),
        address: z.optional(z.string().check(z.maxLength(512))),
      }),
      z.strictObject({
        type: z.literal("contact"),
        ...envelope,
        contacts: z.array(z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(256)), phone: digits() })).check(z.minLength(1), z.maxLength(10)),
      }),
      z.strictObject({
        type: z.literal("poll"),
        ...envelope,
        name: z.string().check(z.minLength(1), z.maxLength(256)),
        options: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(2), z.maxLength(12)),
        selectableCount: z.optional(z.number().check(z.int(), z.gte(0), z.lte(12))),
      }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? "must be one of: text, image, video, audio, document, sticker, location, contact, poll" : undefined) },
  )
  .check(z.refine((body) => !(body.group && body.chat), { message: "takes group or chat, not both", path: ["chat"] }))
  .register(z.globalRegistry, { id: "SandboxInboundRequest" });
export type SandboxInboundRequest = z.output<typeof SandboxInboundRequest>;

export const SandboxInboundResponse = z
  .object({
    messageId: z.string(),
    mediaId: z.optional(z.string()).register(z.globalRegistry, { description: "The received file's id (media messages)" }),
    held: z
      .optional(z.literal(true))
      .register(z.globalRegistry, { description: "The session is stalled: WhatsApp holds the message and delivers it (`offline: true`) when the session comes back" }),
    ignored: z
      .optional(z.literal(true))
      .register(z.globalRegistry, { description: "The instance's settings ignore this kind of chat (groups, status, channels, broadcast lists): no webhook, socket event or log entry came of it" }),
    read: z
      .optional(z.literal(true))
      .register(z.globalRegistry, { description: "The instance marked it read at once (its `readMessages` or, for a status update, `readStatus` setting); GET …/activity lists the receipt" }),
  })
  .register(z.globalRegistry, { id: "SandboxInboundResponse" });

export const SandboxReactionRequest = z
  .strictObject({
    from: digits(),
    group: z.optional(groupJid()),
    messageId: messageId().register(z.globalRegistry, { description: "The message reacted to" }),
    emoji: z.string().check(z.maxLength(16)).register(z.globalRegistry, { description: "One emoji; empty removes the reaction" }),
  })
  .register(z.globalRegistry, { id: "SandboxReactionRequest" });

export const SandboxRevokeRequest = z
  .strictObject({ from: digits(), group: z.optional(groupJid()), messageId: messageId().register(z.globalRegistry, { description: "The message the sender deletes for everyone" }) })
  .register(z.globalRegistry, { id: "SandboxRevokeRequest" });

export const SandboxCallRequest = z
  .strictObject({
    from: digits(),
    isVideo: z._default(z.boolean(), false),
    status: z._default(z.enum(["offer", "ringing", "timeout", "reject", "accept", "terminate"]), "offer").register(z.globalRegistry, { description: "Where the call is (default: a new call, `offer`)" }),
  })
  .register(z.globalRegistry, { id: "SandboxCallRequest" });
export const SandboxCallResponse = z
  .object({
    callId: z.string(),
    rejected: z.optional(z.literal(true)).register(z.globalRegistry, { description: "The instance rejected the call at once (its `rejectCalls` setting)" }),
    replyMessageId: z
      .optional(z.string())
      .register(z.globalRegistry, { description: "The id of the `rejectCallMessage` the instance sent the caller (GET …/received lists it, a `message.sent` webhook reports it)" }),
  })
  .register(z.globalRegistry, { id: "SandboxCallResponse" });

/** What the simulated phone lists under Settings → Linked devices. */
export const SandboxLinkedDevices = z
  .object({
    items: z.array(
      z.object({
        name: z.string().register(z.globalRegistry, { description: "The name the device was linked with (the instance's `deviceName` at the time of the scan)" }),
        platform: z.string().register(z.globalRegistry, { description: "The browser it announced (the `browser` tuple's second element)" }),
        linkedAt: z.iso.datetime(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: "SandboxLinkedDevices" });

export const SandboxGroupParticipantsRequest = z
  .strictObject({
    group: groupJid().register(z.globalRegistry, { description: "The group whose members change" }),
    action: z.enum(["add", "remove", "promote", "demote"]),
    participants: z.array(digits()).check(z.minLength(1), z.maxLength(50)),
    author: z.optional(digits()).register(z.globalRegistry, { description: "The admin who did it" }),
  })
  .register(z.globalRegistry, { id: "SandboxGroupParticipantsRequest" });

export const SandboxPresenceRequest = z
  .strictObject({
    from: digits(),
    group: z.optional(groupJid()),
    presence: z.enum(["available", "unavailable", "composing", "recording", "paused"]),
  })
  .register(z.globalRegistry, { id: "SandboxPresenceRequest" });
