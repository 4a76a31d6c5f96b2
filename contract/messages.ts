import { z } from "zod";

/** A phone number (digits, country code first) or a WhatsApp JID (user or group). */
export const Recipient = z
  .string()
  .trim()
  .transform((s) => (s.includes("@") ? s : s.replace(/[\s()+-]/g, "")))
  .pipe(
    z.union(
      [
        z.string().regex(/^[1-9]\d{6,14}$/),
        z.string().regex(/^[1-9]\d{6,14}(:\d+)?@s\.whatsapp\.net$/),
        z.string().regex(/^[0-9-]{10,40}@g\.us$/),
      ],
      { error: "must be a phone number with country code (digits only) or a WhatsApp JID like 4915123456789@s.whatsapp.net" },
    ),
  )
  .meta({ description: "Phone number with country code, or a JID", example: "4915123456789" });

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
    to: z.string(),
    status: z.enum(["pending"]).meta({ description: "Delivery updates follow as message.status webhooks" }),
  })
  .meta({ id: "SendTextResponse" });
export type SendTextResponse = z.infer<typeof SendTextResponse>;
