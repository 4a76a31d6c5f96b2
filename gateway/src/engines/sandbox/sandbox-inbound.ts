import type { InboundMedia } from "../../../../contract/inbound";
import type { MediaMessageType } from "../../../../contract/messages";
import type { SandboxInboundRequest } from "../../../../contract/sandbox";
import type { WebhookEventData } from "../../../../contract/webhooks";
import { contactVcard } from "../baileys/message-content";
import type { ReceivedMedia } from "../engine";

const DEFAULT_MIME: Record<MediaMessageType, string> = { image: "image/jpeg", video: "video/mp4", audio: "audio/ogg; codecs=opus", document: "application/octet-stream", sticker: "image/webp" };

export const userJid = (digits: string) => `${digits}@s.whatsapp.net`;

/**
 * A simulated contact's message as `message.received`, shaped as the Baileys engine reports a real one; for media,
 * the file to keep (the sandbox keeps the bytes themselves: it has no CDN to fetch them from again).
 */
export function sandboxReceived(
  request: SandboxInboundRequest,
  messageId: string,
): { data: Omit<WebhookEventData<"message.received">, "media">; file?: Omit<InboundMedia, "mediaId" | "expiresAt"> & { keep: Omit<ReceivedMedia, "messageId"> } } {
  const sender = userJid(request.from);
  const chat = request.group ?? request.chat ?? sender;
  const type = request.type ?? "text";
  const text = "text" in request ? request.text : "caption" in request ? request.caption : undefined;
  const data: Omit<WebhookEventData<"message.received">, "media"> = {
    messageId,
    from: chat,
    ...(text ? { text } : {}),
    timestamp: new Date().toISOString(),
    chat,
    fromMe: false,
    // As Baileys reports them: a group's member, or a broadcast list's sender; a channel names no one.
    ...(request.group || request.chat?.endsWith("@broadcast") ? { participant: sender } : {}),
    ...(request.pushName ? { pushName: request.pushName } : {}),
    type,
    ...(request.replyTo ? { quotedMessageId: request.replyTo } : {}),
    ...(request.mentions?.length ? { mentions: request.mentions.map(userJid) } : {}),
  };
  switch (request.type) {
    case "location":
      data.location = { latitude: request.latitude, longitude: request.longitude, ...(request.name ? { name: request.name } : {}), ...(request.address ? { address: request.address } : {}) };
      return { data };
    case "contact":
      data.contacts = request.contacts.map((c) => ({ name: c.name, vcard: contactVcard(c.name, c.phone) }));
      return { data };
    case "poll":
      data.poll = { name: request.name, options: request.options, selectableCount: request.selectableCount ?? 1 };
      return { data };
    case undefined:
    case "text":
      return { data };
  }
  const content = Buffer.from(request.data, "base64");
  const mimetype = request.mimetype ?? DEFAULT_MIME[request.type];
  const fileName = request.type === "document" ? request.fileName : undefined;
  const voiceNote = request.type === "audio" && request.voiceNote === true;
  return {
    data,
    file: {
      mimetype,
      size: content.length,
      ...(fileName ? { fileName } : {}),
      ...(voiceNote ? { voiceNote } : {}),
      keep: { type: request.type, mimetype, size: content.length, ...(fileName ? { fileName } : {}), source: "sandbox", content },
    },
  };
}
