import type { WEBHOOK_EVENT_GROUPS, WebhookEventType } from "@/contract/webhooks";

export const EVENT_META: Record<WebhookEventType, { label: string; explain: string }> = {
  "instance.status": { label: "Instance status", explain: "Connected, QR required, reconnecting, logged out…" },
  "instance.qr": { label: "QR code", explain: "A new QR code to link the number" },
  "message.received": { label: "Message received", explain: "A message came in" },
  "message.sent": { label: "Message sent", explain: "This number sent a message (API or phone)" },
  "message.status": { label: "Message status", explain: "Server ack, delivered, read, played" },
  "message.reaction": { label: "Reaction", explain: "A reaction was added or removed" },
  "message.deleted": { label: "Message deleted", explain: "A message was deleted for everyone" },
  "call.received": { label: "Call", explain: "An incoming call: offer, ringing, rejected…" },
  "group.participants": { label: "Group participants", explain: "Members added, removed, promoted, demoted" },
  "presence.update": { label: "Presence", explain: "Typing, recording, online, offline" },
};

export const GROUP_LABELS: Record<keyof typeof WEBHOOK_EVENT_GROUPS, string> = {
  instance: "Instance",
  messages: "Messages",
  other: "Calls, groups and presence",
};
