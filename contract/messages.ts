import * as z from "zod/mini";

/** A phone number as WhatsApp stores it: digits only, country code first, no leading zero (E.164 without the +). */
export const PHONE_DIGITS_PATTERN = /^[1-9]\d{6,14}$/;

/**
 * A phone number as callers may type it: those digits, with spaces, parentheses, `+` and `-` anywhere (they are
 * removed). Written so that it never backtracks badly: separators and digits are disjoint classes.
 */
const PHONE_INPUT_PATTERN = /^[\s()+-]*[1-9](?:[\s()+-]*\d){6,14}[\s()+-]*$/;

/** A user JID (`<phone>@s.whatsapp.net`, optionally with a `:device` suffix) or a group JID (`…@g.us`). */
const SEND_JID_PATTERN = /^(?:[1-9]\d{6,14}(?::\d+)?@s\.whatsapp\.net|[0-9-]{10,40}@g\.us)$/;

/**
 * What `to` accepts, as one pattern (the OpenAPI document shows it): a phone number as typed (see above), or a user
 * or group JID with optional surrounding whitespace. The schema below enforces exactly this, then normalises.
 */
const RECIPIENT_PATTERN = new RegExp(
  `^(?:${PHONE_INPUT_PATTERN.source.slice(1, -1)}|\\s*(?:${SEND_JID_PATTERN.source.slice(4, -2)})\\s*)$`,
);

/** The digits of a phone number typed with separators. */
const phoneDigits = (typed: string) => typed.replace(/[\s()+-]/g, "");

/** A phone number as typed, checked and turned into digits only (country code first). */
export const PhoneNumberInput = z
  .pipe(
    z.string().check(z.regex(PHONE_INPUT_PATTERN, "must be the full international number, digits only (country code first), e.g. 4915123456789")),
    z.transform(phoneDigits),
  )
  .register(z.globalRegistry, { description: "Phone number with country code; spaces, parentheses, + and - are ignored", example: "4915123456789" });

/** A phone number (digits, country code first) or a WhatsApp JID (user or group). */
const Recipient = z
  .pipe(
    z.string().check(z.regex(RECIPIENT_PATTERN, "must be a phone number with country code (digits only) or a WhatsApp JID like 4915123456789@s.whatsapp.net")),
    z.transform((s: string) => {
      const trimmed = s.trim();
      return trimmed.includes("@") ? trimmed : phoneDigits(trimmed);
    }),
  )
  .register(z.globalRegistry, { description: "Phone number with country code (spaces, parentheses, + and - are ignored), or a user or group JID", example: "4915123456789" });

export const SendTextRequest = z
  .strictObject({
    to: Recipient,
    text: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(4096, "must be at most 4096 characters")),
  })
  .register(z.globalRegistry, { id: "SendTextRequest" });
export type SendTextRequest = z.input<typeof SendTextRequest>;

export const SendTextResponse = z
  .object({
    messageId: z.string(),
    to: z.string().check(z.regex(SEND_JID_PATTERN)).register(z.globalRegistry, { description: "The recipient's JID", example: "4915123456789@s.whatsapp.net" }),
    status: z.enum(["pending"]).register(z.globalRegistry, { description: "Delivery updates follow as message.status webhooks" }),
  })
  .register(z.globalRegistry, { id: "SendTextResponse" });
export type SendTextResponse = z.infer<typeof SendTextResponse>;
