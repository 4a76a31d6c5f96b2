import type { WebhookEnvelope, WebhookEventData, WebhookEventType } from "./webhooks";

const SAMPLE_AT = "2026-01-15T10:30:00.000Z";
const SAMPLE_INSTANCE = "ins_sample0000001";
const sample = <T extends WebhookEventType>(type: T, data: WebhookEventData<T>): WebhookEnvelope<T> =>
  ({ id: "msg_sample0000000001", type, instanceId: SAMPLE_INSTANCE, timestamp: SAMPLE_AT, data }) as WebhookEnvelope<T>;

/** One realistic envelope per event type: used by the test tool, the docs and the panel. */
export const WEBHOOK_EVENT_SAMPLES: { [T in WebhookEventType]: WebhookEnvelope<T> } = {
  "instance.status": sample("instance.status", { status: "CONNECTED", statusReason: "Connected", seq: 12 }),
  "instance.qr": sample("instance.qr", { qr: "2@sample-qr-payload,bm9pc2U=,aWRlbnRpdHk=,YWR2", expiresAt: "2026-01-15T10:31:00.000Z", attempt: 1, maxAttempts: 6, seq: 3 }),
  "message.received": sample("message.received", {
    messageId: "3EB0C0FFEE0000000001",
    from: "4915112345678@s.whatsapp.net",
    text: "Hello! Is my order on its way?",
    timestamp: SAMPLE_AT,
    chat: "4915112345678@s.whatsapp.net",
    fromMe: false,
    pushName: "Ada",
    type: "image",
    media: { mediaId: "med_7Yq2mVx9LkP3sT8wZ1bN4cRf", expiresAt: "2026-01-22T10:30:00.000Z", mimetype: "image/jpeg", size: 48213 },
  }),
  "message.sent": sample("message.sent", { messageId: "3EB0C0FFEE0000000002", to: "4915112345678@s.whatsapp.net", text: "Yes — it ships today.", timestamp: SAMPLE_AT }),
  "message.status": sample("message.status", { messageId: "3EB0C0FFEE0000000002", remoteJid: "4915112345678@s.whatsapp.net", status: "read", timestamp: SAMPLE_AT }),
  "message.reaction": sample("message.reaction", { messageId: "3EB0C0FFEE0000000002", remoteJid: "4915112345678@s.whatsapp.net", from: "4915112345678@s.whatsapp.net", emoji: "👍", timestamp: SAMPLE_AT }),
  "message.deleted": sample("message.deleted", { messageId: "3EB0C0FFEE0000000001", remoteJid: "4915112345678@s.whatsapp.net", from: "4915112345678@s.whatsapp.net", timestamp: SAMPLE_AT }),
  "call.received": sample("call.received", { callId: "C0FFEE00000000000000000000000001", from: "4915112345678@s.whatsapp.net", isVideo: false, isGroup: false, status: "offer", timestamp: SAMPLE_AT }),
  "group.participants": sample("group.participants", { groupJid: "120363000000000001@g.us", action: "add", participants: ["4915112345678@s.whatsapp.net"], author: "4915187654321@s.whatsapp.net", timestamp: SAMPLE_AT }),
  "presence.update": sample("presence.update", { jid: "4915112345678@s.whatsapp.net", presence: "composing", timestamp: SAMPLE_AT }),
};
