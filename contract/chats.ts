import * as z from "zod/mini";
import { pageLimit } from "./query-params";
import { InstanceId } from "./instances";
import { PhoneNumberInput, Recipient } from "./recipients";

// Contacts, groups and presence of an instance's WhatsApp account (issue 19).

export const CheckNumbersRequest = z
  .strictObject({
    numbers: z.array(PhoneNumberInput).check(z.minLength(1, "must list at least one number"), z.maxLength(100, "must list at most 100 numbers")),
  })
  .register(z.globalRegistry, { id: "CheckNumbersRequest" });
export type CheckNumbersRequest = z.input<typeof CheckNumbersRequest>;

const NumberCheck = z.object({
  number: z.string().register(z.globalRegistry, { description: "The number as asked, digits only" }),
  exists: z.boolean().register(z.globalRegistry, { description: "Whether the number has a WhatsApp account" }),
  jid: z.nullable(z.string()).register(z.globalRegistry, { description: "The account's JID to send to; null when it does not exist" }),
});
export const CheckNumbersResponse = z.object({ items: z.array(NumberCheck) }).register(z.globalRegistry, { id: "CheckNumbersResponse" });
export type CheckNumbersResponse = z.infer<typeof CheckNumbersResponse>;

const GroupJid = z
  .string()
  .check(z.regex(/^[0-9-]{10,40}@g\.us$/, "must be a group JID like 120363000000000001@g.us"))
  .register(z.globalRegistry, { description: "Group JID", example: "120363000000000001@g.us" });

const GroupSummary = z.object({
  id: GroupJid,
  subject: z.string(),
  size: z.number().check(z.int(), z.nonnegative()),
  owner: z.nullable(z.string()).register(z.globalRegistry, { description: "The creator's JID, when WhatsApp tells" }),
  announce: z.boolean().register(z.globalRegistry, { description: "Only admins may send messages" }),
  restrict: z.boolean().register(z.globalRegistry, { description: "Only admins may change the group's settings" }),
  createdAt: z.optional(z.iso.datetime()),
});
export const GroupList = z.object({ items: z.array(GroupSummary), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "GroupList" });
export type GroupList = z.infer<typeof GroupList>;

export const Group = z
  .extend(GroupSummary, {
    participants: z.array(z.object({ jid: z.string(), isAdmin: z.boolean(), isSuperAdmin: z.boolean().register(z.globalRegistry, { description: "The group's creator" }) })),
  })
  .register(z.globalRegistry, { id: "Group" });
export type Group = z.infer<typeof Group>;

export const ListGroupsQuery = z.strictObject({
  limit: pageLimit(500, 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))).register(z.globalRegistry, { description: "The `nextCursor` of the previous page" }),
});
export const GroupParams = z.object({ id: InstanceId, jid: GroupJid });

const PRESENCE_STATES = ["composing", "recording", "paused", "available", "unavailable"] as const;
export const PresenceRequest = z
  .strictObject({
    to: Recipient,
    state: z.enum(PRESENCE_STATES).register(z.globalRegistry, { description: "composing (typing), recording (a voice note), paused, or the account's own available / unavailable" }),
  })
  .register(z.globalRegistry, { id: "PresenceRequest" });
export type PresenceRequest = z.input<typeof PresenceRequest>;

export const ReadMessagesRequest = z
  .strictObject({
    messageIds: z
      .array(z.string().check(z.regex(/^[A-Za-z0-9]{8,64}$/, "must be a message id (letters and digits)")))
      .check(z.minLength(1, "must list at least one message id"), z.maxLength(100, "must list at most 100 message ids")),
  })
  .register(z.globalRegistry, { id: "ReadMessagesRequest" });
export type ReadMessagesRequest = z.input<typeof ReadMessagesRequest>;
export const ReadMessagesResponse = z
  .object({
    read: z.array(z.string()).register(z.globalRegistry, { description: "Marked as read (blue ticks sent)" }),
    unknown: z.array(z.string()).register(z.globalRegistry, { description: "Not known to this session (received before the gateway started, or never)" }),
  })
  .register(z.globalRegistry, { id: "ReadMessagesResponse" });
export type ReadMessagesResponse = z.infer<typeof ReadMessagesResponse>;

export const ContactParams = z.object({
  id: InstanceId,
  jid: z
    .string()
    .check(z.regex(/^(?:[1-9]\d{6,14}(?:@s\.whatsapp\.net|@c\.us)?|\d{1,20}@lid)$/, "must be a phone number (digits, country code first) or a user JID like 4915123456789@s.whatsapp.net or …@lid"))
    .register(z.globalRegistry, { description: "The contact: phone number (digits) or user JID", example: "4915123456789@s.whatsapp.net" }),
});

export const ContactProfile = z
  .object({
    jid: z.string(),
    pictureUrl: z.nullable(z.string()).register(z.globalRegistry, { description: "The profile picture's URL on WhatsApp's servers (expires); null when there is none or it is private" }),
    about: z.nullable(z.string()).register(z.globalRegistry, { description: "The about (status) text; null when hidden or empty" }),
    aboutSetAt: z.optional(z.iso.datetime()),
    isBusiness: z.nullable(z.boolean()).register(z.globalRegistry, { description: "Whether it is a WhatsApp Business account; null when unknown" }),
  })
  .register(z.globalRegistry, { id: "ContactProfile" });
export type ContactProfile = z.infer<typeof ContactProfile>;
