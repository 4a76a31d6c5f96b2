import * as z from "zod/mini";

// The linked number's own WhatsApp profile (display name, about text, picture) and privacy settings (issue 21;
// docs/profile.md). Baileys' value sets: WAPrivacyValue, WAPrivacyOnlineValue, WAReadReceiptsValue and
// WAPrivacyGroupAddValue (node_modules/baileys/lib/Types/Chat.d.ts).

/** WhatsApp's own limits: the display name (push name) and the about text, in characters (an emoji may count as two). */
export const PROFILE_NAME_MAX = 25;
export const PROFILE_ABOUT_MAX = 139;

/** The values each privacy setting takes, in the order a settings screen lists them. */
export const PRIVACY_OPTIONS = {
  lastSeen: ["all", "contacts", "contact_blacklist", "none"],
  online: ["all", "match_last_seen"],
  profilePicture: ["all", "contacts", "contact_blacklist", "none"],
  about: ["all", "contacts", "contact_blacklist", "none"],
  readReceipts: ["all", "none"],
  groupsAdd: ["all", "contacts", "contact_blacklist"],
} as const;
export type PrivacySetting = keyof typeof PRIVACY_OPTIONS;
export const PRIVACY_SETTINGS = Object.keys(PRIVACY_OPTIONS) as PrivacySetting[];

const DESCRIPTIONS: Record<PrivacySetting, string> = {
  lastSeen: "Who sees when the account was last online: `all` (everyone), `contacts`, `contact_blacklist` (contacts except those excluded on the phone) or `none`",
  online: "Who sees that the account is online now: `all`, or `match_last_seen` (the same people as last seen)",
  profilePicture: "Who sees the profile picture: `all`, `contacts`, `contact_blacklist` (contacts except those excluded on the phone) or `none`",
  about: "Who sees the about text: `all`, `contacts`, `contact_blacklist` (contacts except those excluded on the phone) or `none`",
  readReceipts: "Whether read receipts (blue ticks) are sent and shown: `all`, or `none`",
  groupsAdd: "Who may add the account to groups: `all`, `contacts`, or `contact_blacklist` (contacts except those excluded on the phone)",
};

const privacyValue = <K extends PrivacySetting>(setting: K) =>
  z.enum(PRIVACY_OPTIONS[setting], { error: `must be one of: ${PRIVACY_OPTIONS[setting].join(", ")}` });

/** Control characters (a line break included) never belong in a name or an about text. */
const NO_CONTROL_CHARACTERS = /^[^\x00-\x1f\x7f]*$/;
const profileText = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max, `must be at most ${max} characters`), z.regex(NO_CONTROL_CHARACTERS, "must not contain line breaks or control characters"));

export const PrivacySettings = z
  .object({
    lastSeen: z.nullable(privacyValue("lastSeen")).register(z.globalRegistry, { description: `${DESCRIPTIONS.lastSeen}; null when WhatsApp did not say` }),
    online: z.nullable(privacyValue("online")).register(z.globalRegistry, { description: `${DESCRIPTIONS.online}; null when WhatsApp did not say` }),
    profilePicture: z.nullable(privacyValue("profilePicture")).register(z.globalRegistry, { description: `${DESCRIPTIONS.profilePicture}; null when WhatsApp did not say` }),
    about: z.nullable(privacyValue("about")).register(z.globalRegistry, { description: `${DESCRIPTIONS.about}; null when WhatsApp did not say` }),
    readReceipts: z.nullable(privacyValue("readReceipts")).register(z.globalRegistry, { description: `${DESCRIPTIONS.readReceipts}; null when WhatsApp did not say` }),
    groupsAdd: z.nullable(privacyValue("groupsAdd")).register(z.globalRegistry, { description: `${DESCRIPTIONS.groupsAdd}; null when WhatsApp did not say` }),
  })
  .register(z.globalRegistry, {
    id: "PrivacySettings",
    description: "The account's privacy settings as WhatsApp reports them; a value this gateway does not know (WhatsApp added one) shows as null",
  });
export type PrivacySettings = z.infer<typeof PrivacySettings>;

export const UpdatePrivacyRequest = z
  .strictObject({
    lastSeen: z.optional(privacyValue("lastSeen")).register(z.globalRegistry, { description: DESCRIPTIONS.lastSeen }),
    online: z.optional(privacyValue("online")).register(z.globalRegistry, { description: DESCRIPTIONS.online }),
    profilePicture: z.optional(privacyValue("profilePicture")).register(z.globalRegistry, { description: DESCRIPTIONS.profilePicture }),
    about: z.optional(privacyValue("about")).register(z.globalRegistry, { description: DESCRIPTIONS.about }),
    readReceipts: z.optional(privacyValue("readReceipts")).register(z.globalRegistry, { description: DESCRIPTIONS.readReceipts }),
    groupsAdd: z.optional(privacyValue("groupsAdd")).register(z.globalRegistry, { description: DESCRIPTIONS.groupsAdd }),
  })
  .check(z.refine((body) => PRIVACY_SETTINGS.some((key) => body[key] !== undefined), { message: `must set at least one of: ${PRIVACY_SETTINGS.join(", ")}` }))
  .register(z.globalRegistry, { id: "UpdatePrivacyRequest" });
export type UpdatePrivacyRequest = z.input<typeof UpdatePrivacyRequest>;

export const Profile = z
  .object({
    name: z.nullable(z.string()).register(z.globalRegistry, { description: "The display name (push name) contacts see; null until WhatsApp has told the gateway" }),
    about: z.nullable(z.string()).register(z.globalRegistry, { description: "The about text; null when there is none" }),
    aboutSetAt: z.optional(z.iso.datetime()).register(z.globalRegistry, { description: "When the about text was set, when WhatsApp tells" }),
    hasPicture: z.boolean().register(z.globalRegistry, { description: "Whether the account has a profile picture; its bytes: GET …/profile/picture" }),
    pictureUpdatedAt: z.optional(z.iso.datetime()).register(z.globalRegistry, { description: "When the picture was last set, when known (WhatsApp does not say; the sandbox does)" }),
    privacy: PrivacySettings,
  })
  .register(z.globalRegistry, { id: "Profile", description: "The linked account's own WhatsApp profile and privacy settings" });
export type Profile = z.infer<typeof Profile>;

export const UpdateProfileRequest = z
  .strictObject({
    name: z.optional(profileText(PROFILE_NAME_MAX)).register(z.globalRegistry, { description: `The display name (push name), 1 to ${PROFILE_NAME_MAX} characters after trimming` }),
    about: z.optional(profileText(PROFILE_ABOUT_MAX)).register(z.globalRegistry, { description: `The about text, 1 to ${PROFILE_ABOUT_MAX} characters after trimming` }),
  })
  .check(z.refine((body) => body.name !== undefined || body.about !== undefined, { message: "must set name, about or both" }))
  .register(z.globalRegistry, { id: "UpdateProfileRequest" });
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequest>;

/** The multipart/form-data body of a picture upload, as the OpenAPI document shows it (the gateway reads the form as it streams in). */
export const ProfilePictureUpload = z
  .strictObject({
    file: z.file().register(z.globalRegistry, { description: "The image: exactly one file part, named `file`; JPEG, PNG or WebP (told by its bytes, not its name or declared type)" }),
  })
  .register(z.globalRegistry, { id: "ProfilePictureUpload" });

/** The picture the gateway sets: a centred square crop, scaled to this many pixels a side, as JPEG. */
export const PROFILE_PICTURE_SIZE = 640;
