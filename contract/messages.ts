import { z } from "zod";

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
  .string()
  .regex(PHONE_INPUT_PATTERN, "must be the full international number, digits only (country code first), e.g. 4915123456789")
  .transform(phoneDigits)
  .meta({ description: "Phone number with country code; spaces, parentheses, + and - are ignored", example: "4915123456789" });

/** A phone number (digits, country code first) or a WhatsApp JID (user or group). */
export const Recipient = z
  .string()
  .regex(RECIPIENT_PATTERN, "must be a phone number with country code (digits only) or a WhatsApp JID like 4915123456789@s.whatsapp.net")
  .transform((s) => {
    const trimmed = s.trim();
    return trimmed.includes("@") ? trimmed : phoneDigits(trimmed);
  })
  .meta({ description: "Phone number with country code (spaces, parentheses, + and - are ignored), or a user or group JID", example: "4915123456789" });

export const SendTextRequest = z
  .strictObject({
    to: Recipient,
    text: z.string().min(1, "must not be empty").max(4096, "must be at most 4096 characters"),
  })
  .meta({ id: "SendTextRequest" });
export type SendTextRequest = z.input<typeof SendTextRequest>;

export const SendTextResponse = z
  .object({
    messageId: z.string(),
    to: z.string().regex(SEND_JID_PATTERN).meta({ description: "The recipient's JID", example: "4915123456789@s.whatsapp.net" }),
    status: z.enum(["pending"]).meta({ description: "Delivery updates follow as message.status webhooks" }),
  })
  .meta({ id: "SendTextResponse" });
export type SendTextResponse = z.infer<typeof SendTextResponse>;
