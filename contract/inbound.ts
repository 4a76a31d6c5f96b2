import * as z from "zod/mini";
import { InstanceId } from "./instances";

// Received messages: what `message.received` says about a message's kind and its media, and how integrators fetch
// the bytes of a received file (GET /api/v1/instances/{id}/media/{mediaId}).

/**
 * A received message's kind. Reactions and deletions are events of their own (`message.reaction`,
 * `message.deleted`); `other` is every kind the gateway does not describe (buttons, events, payments…).
 */
export const InboundMessageType = z
  .enum(["text", "image", "video", "audio", "document", "sticker", "location", "contact", "poll", "other"])
  .register(z.globalRegistry, { id: "InboundMessageType" });
export type InboundMessageType = z.infer<typeof InboundMessageType>;

/** Received media ids: `med_` and 24 random base64url characters (144 bits), so they cannot be guessed. */
const MEDIA_ID_PATTERN = /^med_[A-Za-z0-9_-]{24}$/;

const MediaId = z
  .string()
  .check(z.regex(MEDIA_ID_PATTERN, "must be a media id like med_… (from a message.received webhook)"))
  .register(z.globalRegistry, { description: "A received file's id, from `media.mediaId` of a `message.received` webhook", example: "med_7Yq2mVx9LkP3sT8wZ1bN4cRf" });

export const MediaParams = z.object({ id: InstanceId, mediaId: MediaId });

/** A received file as `message.received` describes it. */
export const InboundMedia = z
  .object({
    mediaId: z.optional(MediaId).register(z.globalRegistry, {
      description: "Fetch the file with GET /api/v1/instances/{id}/media/{mediaId} until `expiresAt`. Absent only when the gateway could not record it (its log says why)",
    }),
    expiresAt: z.optional(z.iso.datetime()).register(z.globalRegistry, { description: "Until when the file can be fetched (MEDIA_RETENTION_HOURS after it arrived)" }),
    mimetype: z.string().register(z.globalRegistry, { description: "The MIME type the sender announced", example: "image/jpeg" }),
    size: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "Size in bytes, as the sender announced it" }),
    fileName: z.optional(z.string()).register(z.globalRegistry, { description: "The file's name (documents)" }),
    voiceNote: z.optional(z.boolean()).register(z.globalRegistry, { description: "An audio recorded as a voice note (push-to-talk)" }),
  })
  .register(z.globalRegistry, { id: "InboundMedia" });
export type InboundMedia = z.infer<typeof InboundMedia>;
