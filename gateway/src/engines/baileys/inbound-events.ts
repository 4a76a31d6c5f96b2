import { isJidBroadcast, isJidGroup, isLidUser, normalizeMessageContent, proto, type BaileysEventMap, type WAMessage, type WAMessageKey } from "baileys";
import type { InboundMedia, InboundMessageType } from "../../../../contract/inbound";
import type { MediaMessageType } from "../../../../contract/messages";
import type { WebhookEventData } from "../../../../contract/webhooks";
import type { EngineMessageEvent, ReceivedMedia } from "../engine";
import { mediaSource } from "./media-download";

// Baileys' events as ours: what `messages.upsert` carries (messages, reactions, deletions), calls, group member
// changes and presence. Pure functions of what Baileys hands over; the engine decides what to report when.

export type Timestamp = number | { toNumber(): number } | null | undefined;

const toNumber = (value: Timestamp): number => (typeof value === "number" ? value : value ? value.toNumber() : 0);

export const toIso = (seconds: Timestamp): string => {
  const value = toNumber(seconds);
  return value > 0 ? new Date(value * 1000).toISOString() : new Date().toISOString();
};

/** Prefer the phone-number JID when WhatsApp addressed the chat by LID. */
export const chatJid = (key: WAMessageKey): string => {
  const jid = key.remoteJid ?? "";
  return isLidUser(jid) && key.remoteJidAlt ? key.remoteJidAlt : jid;
};

/** A group message's sender, by phone number when WhatsApp named it by LID. */
const participantOf = (key: WAMessageKey): string | undefined =>
  key.participant ? (isLidUser(key.participant) && key.participantAlt ? key.participantAlt : key.participant) : undefined;

/** Who wrote a message: the account itself, a group's participant, or the other side of a one-to-one chat. */
const authorOf = (key: WAMessageKey, ownJid: string): string => (key.fromMe ? ownJid : (participantOf(key) ?? chatJid(key)));

/** The text of a message, or a media message's caption. */
export const textOf = (message: proto.IMessage | null | undefined): string | undefined => {
  const m = normalizeMessageContent(message);
  return m?.conversation || m?.extendedTextMessage?.text || m?.imageMessage?.caption || m?.videoMessage?.caption || m?.documentMessage?.caption || undefined;
};

type Received = Omit<WebhookEventData<"message.received">, "media">;
/** What `message.received` says of a media file, and what the gateway keeps of it to download it later. */
type ReceivedFile = Omit<InboundMedia, "mediaId" | "expiresAt"> & { keep?: Omit<ReceivedMedia, "messageId"> };

interface MediaFields {
  mimetype?: string | null;
  fileLength?: Timestamp;
  mediaKey?: Uint8Array | null;
  directPath?: string | null;
  url?: string | null;
  contextInfo?: proto.IContextInfo | null;
}

const MEDIA_DEFAULT_MIME: Record<MediaMessageType, string> = { image: "image/jpeg", video: "video/mp4", audio: "audio/ogg", document: "application/octet-stream", sticker: "image/webp" };

/** The kind of a message, its media fields (if any) and where its context info (reply, mentions) is. */
function kindOf(m: proto.IMessage): { type: InboundMessageType; media?: MediaFields & { kind: MediaMessageType }; context?: proto.IContextInfo | null } {
  if (m.conversation) return { type: "text" };
  if (m.extendedTextMessage) return { type: "text", context: m.extendedTextMessage.contextInfo };
  const media = ([["image", m.imageMessage], ["video", m.videoMessage ?? m.ptvMessage], ["audio", m.audioMessage], ["document", m.documentMessage], ["sticker", m.stickerMessage]] as const).find(
    ([, fields]) => fields,
  );
  if (media) return { type: media[0], media: { ...media[1]!, kind: media[0] }, context: media[1]!.contextInfo };
  const location = m.locationMessage ?? m.liveLocationMessage;
  if (location) return { type: "location", context: location.contextInfo };
  const contact = m.contactMessage ?? m.contactsArrayMessage;
  if (contact) return { type: "contact", context: contact.contextInfo };
  const poll = m.pollCreationMessage ?? m.pollCreationMessageV2 ?? m.pollCreationMessageV3;
  if (poll) return { type: "poll", context: poll.contextInfo };
  return { type: "other" };
}

/** A message someone else wrote, as `message.received` (without `media.mediaId`: the engine adds it once kept). */
export function receivedMessage(message: WAMessage): { data: Received; file?: ReceivedFile } {
  const { key } = message;
  const m = normalizeMessageContent(message.message) ?? {};
  const chat = chatJid(key);
  const kind = kindOf(m);
  const context = kind.context;
  const text = textOf(m);
  const data: Received = {
    messageId: key.id ?? "",
    from: chat,
    ...(text ? { text } : {}),
    timestamp: toIso(message.messageTimestamp),
    chat,
    fromMe: key.fromMe === true,
    // A group's, or a broadcast list's (Baileys keeps the list as the chat and the sender as participant).
    ...((isJidGroup(chat) || isJidBroadcast(chat)) && participantOf(key) ? { participant: participantOf(key) } : {}),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    type: kind.type,
    ...(context?.stanzaId ? { quotedMessageId: context.stanzaId } : {}),
    ...(context?.mentionedJid?.length ? { mentions: context.mentionedJid } : {}),
  };
  if (m.locationMessage ?? m.liveLocationMessage) {
    const l = (m.locationMessage ?? m.liveLocationMessage)!;
    const name = m.locationMessage?.name;
    const address = m.locationMessage?.address;
    data.location = { latitude: l.degreesLatitude ?? 0, longitude: l.degreesLongitude ?? 0, ...(name ? { name } : {}), ...(address ? { address } : {}) };
  }
  const cards = m.contactMessage ? [m.contactMessage] : (m.contactsArrayMessage?.contacts ?? []);
  if (kind.type === "contact") data.contacts = cards.map((c) => ({ name: c.displayName ?? "", vcard: c.vcard ?? "" }));
  const poll = m.pollCreationMessage ?? m.pollCreationMessageV2 ?? m.pollCreationMessageV3;
  if (poll) data.poll = { name: poll.name ?? "", options: (poll.options ?? []).map((o) => o.optionName ?? ""), selectableCount: poll.selectableOptionsCount ?? 0 };
  if (!kind.media) return { data };

  const { kind: type, ...fields } = kind.media;
  const mimetype = fields.mimetype || MEDIA_DEFAULT_MIME[type];
  const fileName = m.documentMessage?.fileName || undefined;
  const size = toNumber(fields.fileLength);
  const source = mediaSource(type, fields);
  const file: ReceivedFile = {
    mimetype,
    size,
    ...(fileName ? { fileName } : {}),
    ...(type === "audio" && m.audioMessage?.ptt ? { voiceNote: true } : {}),
    ...(source ? { keep: { type, mimetype, size, ...(fileName ? { fileName } : {}), source } } : {}),
  };
  return { data, file };
}

/** A reaction (`reactionMessage`) or a deletion for everyone (`protocolMessage` REVOKE), or null for anything else. */
export function reactionOrDeletion(message: WAMessage, ownJid: string): EngineMessageEvent | null {
  const m = normalizeMessageContent(message.message);
  const { key } = message;
  const remoteJid = chatJid(key);
  const from = authorOf(key, ownJid);
  const reaction = m?.reactionMessage;
  if (reaction?.key?.id) {
    const at = toNumber(reaction.senderTimestampMs);
    const timestamp = at > 0 ? new Date(at).toISOString() : toIso(message.messageTimestamp);
    return { type: "message.reaction", data: { messageId: reaction.key.id, remoteJid, from, emoji: reaction.text ?? "", timestamp } };
  }
  const protocol = m?.protocolMessage;
  if (protocol?.type === proto.Message.ProtocolMessage.Type.REVOKE && protocol.key?.id) {
    return { type: "message.deleted", data: { messageId: protocol.key.id, remoteJid, from, timestamp: toIso(message.messageTimestamp) } };
  }
  return null;
}

const CALL_STATUSES = new Set(["offer", "ringing", "timeout", "reject", "accept", "terminate"] as const);
type CallStatus = WebhookEventData<"call.received">["status"];

/** A call update as `call.received`; null for Baileys' transport-level updates (preaccept, transport, relaylatency). */
export function callEvent(call: BaileysEventMap["call"][number]): EngineMessageEvent | null {
  if (!CALL_STATUSES.has(call.status as CallStatus)) return null;
  const at = call.date instanceof Date && !Number.isNaN(call.date.getTime()) ? call.date.toISOString() : new Date().toISOString();
  return { type: "call.received", data: { callId: call.id, from: call.callerPn ?? call.from, isVideo: call.isVideo === true, isGroup: call.isGroup === true, status: call.status as CallStatus, timestamp: at } };
}

const PARTICIPANT_ACTIONS = new Set(["add", "remove", "promote", "demote"] as const);
type ParticipantAction = WebhookEventData<"group.participants">["action"];

/** Members added, removed, promoted or demoted, by phone number when known; null for number changes (`modify`). */
export function participantsEvent(update: BaileysEventMap["group-participants.update"]): EngineMessageEvent | null {
  if (!PARTICIPANT_ACTIONS.has(update.action as ParticipantAction)) return null;
  const author = update.authorPn || update.author;
  const participants = update.participants.map((p) => p.phoneNumber ?? p.id);
  return { type: "group.participants", data: { groupJid: update.id, action: update.action as ParticipantAction, participants, ...(author ? { author } : {}), timestamp: new Date().toISOString() } };
}

/** One `presence.update` per participant Baileys reports (one in a one-to-one chat, those who changed in a group). */
export function presenceEvents(update: BaileysEventMap["presence.update"]): EngineMessageEvent[] {
  const now = new Date().toISOString();
  const group = isJidGroup(update.id) ? { chat: update.id } : {};
  return Object.entries(update.presences).map(([jid, presence]) => ({
    type: "presence.update",
    data: { jid, ...group, presence: presence.lastKnownPresence, ...(presence.lastSeen ? { lastSeen: new Date(presence.lastSeen * 1000).toISOString() } : {}), timestamp: now },
  }));
}
