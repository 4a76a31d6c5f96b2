import * as z from "zod/mini";

// Phone numbers and JIDs as callers write them: shared by sending (messages.ts), number checks (chats.ts) and
// pairing codes (instances.ts), in a module of their own so that importing one of them loads no send schema.

/** A phone number as WhatsApp stores it: digits only, country code first, no leading zero (E.164 without the +). */
export const PHONE_DIGITS_PATTERN = /^[1-9]\d{6,14}$/;

/**
 * A phone number as callers may type it: those digits, with spaces, parentheses, `+` and `-` anywhere (they are
 * removed). Written so that it never backtracks badly: separators and digits are disjoint classes.
 */
const PHONE_INPUT_PATTERN = /^[\s()+-]*[1-9](?:[\s()+-]*\d){6,14}[\s()+-]*$/;

/**
 * A JID a message can go to: a user (`<phone>@s.whatsapp.net`, or the older `@c.us`, optionally with a `:device`
 * suffix), a LID (`<digits>@lid`, how Baileys 7 reports some senders) or a group (`…@g.us`).
 */
export const SEND_JID_PATTERN = /^(?:[1-9]\d{6,14}(?::\d+)?@(?:s\.whatsapp\.net|c\.us)|\d{1,20}(?::\d+)?@lid|[0-9-]{10,40}@g\.us)$/;

/**
 * What `to` accepts, as one pattern (the OpenAPI document shows it): a phone number as typed (see above), or one of
 * the JIDs above with optional surrounding whitespace. The schema below enforces exactly this, then normalises.
 */
const RECIPIENT_PATTERN = new RegExp(
  `^(?:${PHONE_INPUT_PATTERN.source.slice(1, -1)}|\\s*(?:${SEND_JID_PATTERN.source.slice(4, -2)})\\s*)$`,
);

const RECIPIENT_FORMS =
  "must be a phone number with country code (e.g. +49 151 2345 6789) or a WhatsApp JID: 4915123456789@s.whatsapp.net, 4915123456789@c.us, 123456789012345@lid or 120363000000000001@g.us";

/** The digits of a phone number typed with separators. */
const phoneDigits = (typed: string) => typed.replace(/[\s()+-]/g, "");

/** A phone number as typed, checked and turned into digits only (country code first). */
export const PhoneNumberInput = z
  .pipe(
    z.string().check(z.regex(PHONE_INPUT_PATTERN, "must be the full international number, digits only (country code first), e.g. 4915123456789")),
    z.transform(phoneDigits),
  )
  .register(z.globalRegistry, { description: "Phone number with country code; spaces, parentheses, + and - are ignored", example: "4915123456789" });

/** Where a message goes, as the JID WhatsApp uses: digits become `…@s.whatsapp.net`, `@c.us` becomes `@s.whatsapp.net`. */
function recipientJid(to: string): string {
  const trimmed = to.trim();
  if (!trimmed.includes("@")) return `${phoneDigits(trimmed)}@s.whatsapp.net`;
  return trimmed.endsWith("@c.us") ? `${trimmed.slice(0, -5)}@s.whatsapp.net` : trimmed;
}

/** A phone number (digits, country code first) or a WhatsApp JID (user, LID or group); comes out as a JID. */
export const Recipient = z
  .pipe(z.string().check(z.regex(RECIPIENT_PATTERN, RECIPIENT_FORMS)), z.transform(recipientJid))
  .register(z.globalRegistry, {
    description: "Phone number with country code (spaces, parentheses, + and - are ignored), or a JID: `…@s.whatsapp.net`, `…@c.us`, `…@lid` or `…@g.us`",
    example: "4915123456789",
  });
