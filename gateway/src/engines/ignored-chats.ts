import type { BehaviourSettings } from "../../../contract/instance-settings";
import type { EngineMessageEvent } from "./engine";

// The kinds of chats an instance's settings may ignore (docs/instance-settings.md), by WhatsApp address, as Baileys'
// isJidGroup, isJidStatusBroadcast, isJidNewsletter and isJidBroadcast tell them apart. Both engines use these.

type ChatFilter = Pick<BehaviourSettings, "ignoreGroups" | "ignoreStatus" | "ignoreNewsletters" | "ignoreBroadcasts">;

/** Whether the settings ignore this chat: a group, status updates, a channel (newsletter) or a broadcast list. */
export function isIgnoredChat(settings: ChatFilter, jid: string): boolean {
  if (jid.endsWith("@g.us")) return settings.ignoreGroups;
  if (jid === "status@broadcast") return settings.ignoreStatus;
  if (jid.endsWith("@newsletter")) return settings.ignoreNewsletters;
  if (jid.endsWith("@broadcast")) return settings.ignoreBroadcasts;
  return false;
}

/** The chat an account event happened in; calls are in none. */
function chatOf(event: EngineMessageEvent): string | undefined {
  switch (event.type) {
    case "message.received":
      return event.data.chat;
    case "message.sent":
      return event.data.to;
    case "message.status":
    case "message.reaction":
    case "message.deleted":
      return event.data.remoteJid;
    case "group.participants":
      return event.data.groupJid;
    case "presence.update":
      return event.data.chat ?? event.data.jid;
    case "call.received":
      return undefined;
  }
}

/** An event from an ignored chat: reported nowhere (no webhook, socket event or log entry). */
export function isIgnoredEvent(settings: ChatFilter, event: EngineMessageEvent): boolean {
  const chat = chatOf(event);
  return chat !== undefined && isIgnoredChat(settings, chat);
}
