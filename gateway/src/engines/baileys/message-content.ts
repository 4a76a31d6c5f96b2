import type { AnyMessageContent, WAMessageKey } from "baileys";
import type { OutboundMessage } from "../engine";

/** vCard text escaping (RFC 6350 §3.4): backslash, comma, semicolon and newlines. */
const vcardText = (value: string) => value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");

/** The vCard WhatsApp shows as a contact card; `waid` makes the "Message" button open a chat with the number. */
export function contactVcard(name: string, phone: string): string {
  return ["BEGIN:VCARD", "VERSION:3.0", `FN:${vcardText(name)}`, `TEL;type=CELL;type=VOICE;waid=${phone}:+${phone}`, "END:VCARD"].join("\n");
}

const definedOnly = <T extends Record<string, unknown>>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * One of our message kinds as Baileys `sendMessage` content. Media come from a local temporary file (Baileys streams
 * it while encrypting); link previews are never generated (the gateway does not fetch links found in a text).
 */
export function baileysContent(message: OutboundMessage): AnyMessageContent {
  const c = message.content;
  const file = () => {
    if (!message.media) throw new Error(`A ${c.type} message needs its media file`);
    return { url: message.media.path };
  };
  const mimetype = () => ("mimetype" in c && c.mimetype) || message.media?.mimetype;
  const mentions = "mentions" in c && c.mentions?.length ? { mentions: c.mentions } : {};
  switch (c.type) {
    case undefined:
    case "text":
      return { text: c.text, linkPreview: null, ...mentions };
    case "image":
      return definedOnly({ image: file(), caption: c.caption, mimetype: mimetype(), ...mentions });
    case "video":
      return definedOnly({ video: file(), caption: c.caption, mimetype: mimetype(), ...mentions });
    case "audio":
      return definedOnly({ audio: file(), ptt: c.voiceNote === true, mimetype: mimetype() });
    case "document":
      return definedOnly({ document: file(), mimetype: mimetype() ?? "application/octet-stream", fileName: c.fileName, caption: c.caption });
    case "sticker":
      return definedOnly({ sticker: file(), mimetype: mimetype() });
    case "location":
      return { location: definedOnly({ degreesLatitude: c.latitude, degreesLongitude: c.longitude, name: c.name, address: c.address }) };
    case "contact":
      return {
        contacts: {
          displayName: c.contacts.length === 1 ? c.contacts[0]!.name : `${c.contacts.length} contacts`,
          contacts: c.contacts.map((contact) => ({ displayName: contact.name, vcard: contactVcard(contact.name, contact.phone) })),
        },
      };
    case "poll":
      return { poll: { name: c.name, values: c.options, selectableCount: c.selectableCount ?? 1 } };
    case "reaction": {
      const key: WAMessageKey = { remoteJid: message.jid, id: c.messageId, fromMe: message.reactTo?.fromMe ?? false };
      return { react: { text: c.emoji, key } };
    }
  }
}

/** Our own message `messageId` in chat `jid`, as the key an edit or a revoke names. */
export const ownKey = (jid: string, messageId: string): WAMessageKey => ({ remoteJid: jid, id: messageId, fromMe: true });
