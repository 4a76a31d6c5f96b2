import * as z from "zod/mini";
import { PhoneNumberInput, Recipient, SEND_JID_PATTERN } from "./recipients";
import { MessageStatus } from "./send-queue";

/** Our outbound message ids (the WhatsApp message id of the message once it is sent). */
const MessageId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9]{8,64}$/, "must be a message id (letters and digits)"))
  .register(z.globalRegistry, { description: "Message id: the WhatsApp message id of the message", example: "3EB0C0FFEE0000000002" });

const caption = () => z.optional(z.string().check(z.maxLength(4096, "must be at most 4096 characters")));
/** The content types each media kind goes out as (the announced `mimetype`, a media URL's answer, an upload's part). */
export const MEDIA_ACCEPTS: Record<"image" | "video" | "audio" | "document" | "sticker", { test: (type: string) => boolean; words: string }> = {
  image: { test: (t) => t.startsWith("image/"), words: "an image (image/*)" },
  video: { test: (t) => t.startsWith("video/"), words: "a video (video/*)" },
  audio: { test: (t) => t.startsWith("audio/"), words: "audio (audio/*)" },
  sticker: { test: (t) => t.split(";")[0]!.trim() === "image/webp", words: "a WebP image (image/webp), as WhatsApp stickers are" },
  document: { test: () => true, words: "a file" },
};
const mimetype = (type: keyof typeof MEDIA_ACCEPTS, description = "The MIME type to announce; by default the one the URL answered with") =>
  z
    .optional(
      z.string().check(
        z.maxLength(255, "must be at most 255 characters"),
        z.regex(/^[a-z]+\/[A-Za-z0-9.+-]+(?:;[^\r\n]*)?$/, { error: "must be a MIME type like image/jpeg", abort: true }),
        z.refine(MEDIA_ACCEPTS[type].test, `must be ${MEDIA_ACCEPTS[type].words}, for ${/^[aeiou]/.test(type) ? "an" : "a"} ${type} message`),
      ),
    )
    .register(z.globalRegistry, { description });
/** An example file per media kind, for the OpenAPI document (and the API page's snippets). */
const EXAMPLE_FILES: Record<string, string> = { image: "photo.jpg", video: "clip.mp4", audio: "note.ogg", document: "invoice.pdf", sticker: "sticker.webp" };

const mediaUrl = (type: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required: where the gateway fetches the file (or send the file itself as multipart/form-data)" : undefined) })
    .check(
      z.maxLength(2048, "must be at most 2048 characters"),
      z.refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
        } catch {
          return false;
        }
      }, "must be an absolute http:// or https:// URL without credentials"),
    )
    .register(z.globalRegistry, { description: "Where the gateway fetches the file (public addresses only; redirects are not followed)", example: `https://example.com/files/${EXAMPLE_FILES[type]}` });
const replyTo = { replyTo: z.optional(MessageId).register(z.globalRegistry, { description: "The id of a message to quote (reply to)" }) };
const mentions = z.optional(z.array(Recipient).check(z.maxLength(256, "must list at most 256 JIDs")));

const media = <T extends keyof typeof MEDIA_ACCEPTS>(type: T) => ({ type: z.literal(type), to: Recipient, url: mediaUrl(type), caption: caption(), mimetype: mimetype(type), ...replyTo });

/** The kinds of message `type` names. */
const MESSAGE_TYPES = ["text", "image", "video", "audio", "document", "sticker", "location", "contact", "poll", "reaction"] as const;
export const MessageType = z.enum(MESSAGE_TYPES).register(z.globalRegistry, { id: "MessageType" });
export type MessageType = z.infer<typeof MessageType>;

/** Media types, and what `url` must answer with for each. */
export const MEDIA_MESSAGE_TYPES = ["image", "video", "audio", "document", "sticker"] as const;
export type MediaMessageType = (typeof MEDIA_MESSAGE_TYPES)[number];

const TextMessage = z
  .strictObject({
    type: z.optional(z.literal("text")).register(z.globalRegistry, { description: "`text`; a body without `type` is a text message too (the original send API)" }),
    to: Recipient,
    text: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(4096, "must be at most 4096 characters")),
    mentions,
    linkPreview: z.optional(z.boolean()).register(z.globalRegistry, { description: "Reserved: link previews are not generated yet (the gateway never fetches links found in a text)" }),
    ...replyTo,
  })
  .register(z.globalRegistry, { id: "SendTextMessage" });
const ImageMessage = z.strictObject({ ...media("image"), mentions }).register(z.globalRegistry, { id: "SendImageMessage" });
const VideoMessage = z.strictObject({ ...media("video"), mentions }).register(z.globalRegistry, { id: "SendVideoMessage" });
const AudioMessage = z
  .strictObject({ ...media("audio"), voiceNote: z.optional(z.boolean()).register(z.globalRegistry, { description: "Send as a voice note (push-to-talk)" }) })
  .register(z.globalRegistry, { id: "SendAudioMessage" });
const DocumentMessage = z
  .strictObject({ ...media("document"), fileName: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(255, "must be at most 255 characters")) })
  .register(z.globalRegistry, { id: "SendDocumentMessage" });
const StickerMessage = z.strictObject(media("sticker")).register(z.globalRegistry, { id: "SendStickerMessage" });
const LocationMessage = z
  .strictObject({
    type: z.literal("location"),
    to: Recipient,
    latitude: z.number().check(z.gte(-90, "must be from -90 to 90"), z.lte(90, "must be from -90 to 90")),
    longitude: z.number().check(z.gte(-180, "must be from -180 to 180"), z.lte(180, "must be from -180 to 180")),
    name: z.optional(z.string().check(z.maxLength(256, "must be at most 256 characters"))),
    address: z.optional(z.string().check(z.maxLength(512, "must be at most 512 characters"))),
    ...replyTo,
  })
  .register(z.globalRegistry, { id: "SendLocationMessage" });
const ContactMessage = z
  .strictObject({
    type: z.literal("contact"),
    to: Recipient,
    contacts: z
      .array(z.strictObject({ name: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(256, "must be at most 256 characters")), phone: PhoneNumberInput }))
      .check(z.minLength(1, "must list at least one contact"), z.maxLength(50, "must list at most 50 contacts")),
    ...replyTo,
  })
  .register(z.globalRegistry, { id: "SendContactMessage" });
const PollMessage = z
  .strictObject({
    type: z.literal("poll"),
    to: Recipient,
    name: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(256, "must be at most 256 characters")),
    options: z
      .array(z.string().check(z.minLength(1, "must not be empty"), z.maxLength(100, "must be at most 100 characters")))
      .check(
        z.minLength(2, "must list at least 2 options"),
        z.maxLength(12, "must list at most 12 options"),
        z.refine((options) => new Set(options).size === options.length, "must not list an option twice"),
      ),
    selectableCount: z.optional(z.number().check(z.int(), z.gte(0), z.lte(12))).register(z.globalRegistry, { description: "How many options one person may pick; 0 means any number (default 1)" }),
    ...replyTo,
  })
  .register(z.globalRegistry, { id: "SendPollMessage" });
const ReactionMessage = z
  .strictObject({
    type: z.literal("reaction"),
    to: Recipient,
    messageId: MessageId.register(z.globalRegistry, { description: "The message to react to (sent or received in this chat)" }),
    emoji: z.string().check(z.maxLength(16, "must be one emoji")).register(z.globalRegistry, { description: "One emoji; an empty string removes the reaction" }),
    replyTo: z.optional(MessageId).register(z.globalRegistry, { description: "Accepted for uniformity; a reaction quotes nothing (WhatsApp shows it on `messageId`)" }),
  })
  .register(z.globalRegistry, { id: "SendReactionMessage" });

/** The body of a send: one of the message kinds, told apart by `type`. */
export const SendMessageRequest = z
  .discriminatedUnion(
    "type",
    [TextMessage, ImageMessage, VideoMessage, AudioMessage, DocumentMessage, StickerMessage, LocationMessage, ContactMessage, PollMessage, ReactionMessage],
    { error: (issue) => (issue.code === "invalid_union" ? `must be one of: ${MESSAGE_TYPES.join(", ")}` : undefined) },
  )
  .register(z.globalRegistry, { id: "SendMessageRequest" });
export type SendMessageRequest = z.input<typeof SendMessageRequest>;
/** A send as the gateway keeps it (after validation: `to` is a JID). */
export type SendMessage = z.output<typeof SendMessageRequest>;

/**
 * A media kind sent as multipart/form-data: the fields of its JSON form with the file itself (the `file` part) instead
 * of `url`. These are the form's fields as the gateway validates them; the file is checked as it streams in.
 */
const uploadMimetype = (type: keyof typeof MEDIA_ACCEPTS) => ({ mimetype: mimetype(type, "The MIME type to announce; by default the file part's content type") });
const ImageUpload = z.extend(z.omit(ImageMessage, { url: true }), uploadMimetype("image"));
const VideoUpload = z.extend(z.omit(VideoMessage, { url: true }), uploadMimetype("video"));
const AudioUpload = z.extend(z.omit(AudioMessage, { url: true }), uploadMimetype("audio"));
const DocumentUpload = z.extend(z.omit(DocumentMessage, { url: true }), uploadMimetype("document"));
const StickerUpload = z.extend(z.omit(StickerMessage, { url: true }), uploadMimetype("sticker"));
export const SendMediaUploadFields = z.discriminatedUnion("type", [ImageUpload, VideoUpload, AudioUpload, DocumentUpload, StickerUpload], {
  error: (issue) => (issue.code === "invalid_union" ? `must be one of: ${MEDIA_MESSAGE_TYPES.join(", ")} (an upload is a media message)` : undefined),
});
/** An upload's fields after validation (`to` is a JID). */
export type SendMediaUpload = z.output<typeof SendMediaUploadFields>;

const file = { file: z.file().register(z.globalRegistry, { description: "The file to send: exactly one file part, named `file`; its content type is checked as a media URL's is" }) };
/** The multipart/form-data body of a send, as the OpenAPI document shows it (the gateway reads the form as it streams in). */
export const SendMediaUploadRequest = z
  .discriminatedUnion("type", [
    z.extend(ImageUpload, file).register(z.globalRegistry, { id: "SendImageUpload" }),
    z.extend(VideoUpload, file).register(z.globalRegistry, { id: "SendVideoUpload" }),
    z.extend(AudioUpload, file).register(z.globalRegistry, { id: "SendAudioUpload" }),
    z.extend(DocumentUpload, file).register(z.globalRegistry, { id: "SendDocumentUpload" }),
    z.extend(StickerUpload, file).register(z.globalRegistry, { id: "SendStickerUpload" }),
  ])
  .register(z.globalRegistry, { id: "SendMediaUpload" });

/** A send without its recipient: what is queued and handed to an engine (one kind per `type`; an upload has no `url`). */
export type SendMessageContent = (SendMessage | SendMediaUpload) extends infer M ? (M extends unknown ? Omit<M, "to"> : never) : never;

export const SendMessageResponse = z
  .object({
    id: MessageId,
    messageId: MessageId.register(z.globalRegistry, { description: "The same as `id` (the name the first send API used)" }),
    to: z.string().check(z.regex(SEND_JID_PATTERN)).register(z.globalRegistry, { description: "The recipient's JID", example: "4915123456789@s.whatsapp.net" }),
    status: z.enum(["pending"]).register(z.globalRegistry, { description: "Queued for sending; GET the message or follow message.status webhooks" }),
  })
  .register(z.globalRegistry, { id: "SendMessageResponse" });
export type SendMessageResponse = z.infer<typeof SendMessageResponse>;

const iso = z.iso.datetime();

/** An outbound message and where it is: queued or sent (pending), acknowledged, delivered, read, played, or failed. */
export const Message = z
  .object({
    id: MessageId,
    instanceId: z.string(),
    to: z.string().register(z.globalRegistry, { description: "The recipient's JID" }),
    type: MessageType,
    status: MessageStatus,
    failureReason: z.optional(z.string()).register(z.globalRegistry, { description: "Why it failed (status failed only)" }),
    createdAt: iso,
    updatedAt: iso,
    sentAt: z.optional(iso).register(z.globalRegistry, { description: "When it left the gateway; absent while it waits in the send queue" }),
    editedAt: z.optional(iso),
    revokedAt: z.optional(iso).register(z.globalRegistry, { description: "When it was deleted for everyone" }),
  })
  .register(z.globalRegistry, { id: "Message" });
export type Message = z.infer<typeof Message>;

export const MessageIdParams = z.object({
  id: z.string().check(z.regex(/^ins_[A-Za-z0-9]{10,40}$/, "must be an instance id like ins_…")).register(z.globalRegistry, { description: "Instance id", example: "ins_3kq9x2m1v8r4" }),
  messageId: MessageId,
});

export const EditMessageRequest = z
  .strictObject({ text: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(4096, "must be at most 4096 characters")) })
  .register(z.globalRegistry, { id: "EditMessageRequest" });
export type EditMessageRequest = z.input<typeof EditMessageRequest>;

/** The `Idempotency-Key` request header: any printable ASCII, at most 255 characters. */
export const IdempotencyHeaders = z.looseObject({
  "idempotency-key": z
    .optional(z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/, "must be 1 to 255 printable ASCII characters without spaces")))
    .register(z.globalRegistry, {
      description:
        "Makes a retry safe: the same key (from the same credential, for the same instance) within 24 h returns the first answer and sends nothing again. Reusing a key with a different body is a 422.",
      example: "order-1234-shipped",
    }),
});
