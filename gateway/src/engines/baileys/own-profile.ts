import { jidNormalizedUser, type AuthenticationCreds, type USyncQueryResultList, type WAMediaUpload, type WAPrivacyGroupAddValue, type WAPrivacyOnlineValue, type WAPrivacyValue, type WAReadReceiptsValue } from "baileys";
import { PRIVACY_OPTIONS, PRIVACY_SETTINGS, type PrivacySetting, type PrivacySettings } from "../../../../contract/profile";
import { DomainError } from "../../domain-error";
import type { OwnProfile, PrivacyChanges } from "../engine";
import { whatsappHost } from "./media-download";
import { whatsapp, whatsappCode } from "./whatsapp-call";

// The linked account's own profile and privacy through Baileys (docs/profile.md): the socket calls, the mapping of
// our setting names to Baileys' privacy categories, and WhatsApp's refusals as domain errors.

/** The part of a Baileys socket these calls use; `makeWASocket`'s result satisfies it. */
export interface BaileysProfileSocket {
  authState: { creds: AuthenticationCreds };
  profilePictureUrl(jid: string, type?: "preview" | "image", timeoutMs?: number): Promise<string | undefined>;
  fetchStatus(...jids: string[]): Promise<USyncQueryResultList[] | undefined>;
  updateProfileName(name: string): Promise<void>;
  updateProfileStatus(status: string): Promise<void>;
  updateProfilePicture(jid: string, content: WAMediaUpload, dimensions?: { width: number; height: number }): Promise<void>;
  removeProfilePicture(jid: string): Promise<void>;
  fetchPrivacySettings(force?: boolean): Promise<{ [_: string]: string }>;
  updateLastSeenPrivacy(value: WAPrivacyValue): Promise<void>;
  updateOnlinePrivacy(value: WAPrivacyOnlineValue): Promise<void>;
  updateProfilePicturePrivacy(value: WAPrivacyValue): Promise<void>;
  updateStatusPrivacy(value: WAPrivacyValue): Promise<void>;
  updateReadReceiptsPrivacy(value: WAReadReceiptsValue): Promise<void>;
  updateGroupsAddPrivacy(value: WAPrivacyGroupAddValue): Promise<void>;
}

/** Baileys' privacy category per setting: the names `fetchPrivacySettings` answers with (lib/Socket/chats.js). */
const CATEGORIES: Record<PrivacySetting, string> = { lastSeen: "last", online: "online", profilePicture: "profile", about: "status", readReceipts: "readreceipts", groupsAdd: "groupadd" };

type Setter = (sock: BaileysProfileSocket, value: string) => Promise<void>;
/** Baileys' call per setting; the values were checked against the same sets by the contract. */
const SETTERS: Record<PrivacySetting, Setter> = {
  lastSeen: (sock, value) => sock.updateLastSeenPrivacy(value as WAPrivacyValue),
  online: (sock, value) => sock.updateOnlinePrivacy(value as WAPrivacyOnlineValue),
  profilePicture: (sock, value) => sock.updateProfilePicturePrivacy(value as WAPrivacyValue),
  about: (sock, value) => sock.updateStatusPrivacy(value as WAPrivacyValue),
  readReceipts: (sock, value) => sock.updateReadReceiptsPrivacy(value as WAReadReceiptsValue),
  groupsAdd: (sock, value) => sock.updateGroupsAddPrivacy(value as WAPrivacyGroupAddValue),
};

/** A profile picture is at most 640×640 JPEG (a few hundred KiB); anything far larger is not one. */
const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
const PICTURE_TIMEOUT_MS = 15_000;

function ownJid(sock: BaileysProfileSocket): string {
  const id = sock.authState.creds.me?.id;
  if (!id) throw new DomainError("conflict", "The account's own number is not known yet; try again once the instance is CONNECTED");
  return jidNormalizedUser(id);
}

/** The account's picture URL on WhatsApp's CDN, or null: WhatsApp answers 401/404 (item-not-found) when there is none. */
function ownPictureUrl(sock: BaileysProfileSocket, jid: string): Promise<string | null> {
  return whatsapp("read the profile picture", () =>
    sock.profilePictureUrl(jid, "image").then(
      (url) => url ?? null,
      (error: unknown) => {
        if ([401, 403, 404].includes(whatsappCode(error) ?? 0)) return null;
        throw error;
      },
    ),
  );
}

export async function readOwnProfile(sock: BaileysProfileSocket): Promise<OwnProfile> {
  const jid = ownJid(sock);
  const [url, statuses] = await Promise.all([ownPictureUrl(sock, jid), whatsapp("read the about text", () => sock.fetchStatus(jid))]);
  const status = statuses?.[0]?.status as { status?: string | null; setAt?: Date } | undefined;
  const about = status?.status || null;
  const setAt = status?.setAt instanceof Date && status.setAt.getTime() > 0 ? status.setAt.toISOString() : undefined;
  return { name: sock.authState.creds.me?.name || null, about, ...(about && setAt ? { aboutSetAt: setAt } : {}), hasPicture: url !== null };
}

export const setOwnName = (sock: BaileysProfileSocket, name: string) => whatsapp("set the display name", () => sock.updateProfileName(name));
export const setOwnAbout = (sock: BaileysProfileSocket, about: string) => whatsapp("set the about text", () => sock.updateProfileStatus(about));
export const setOwnPicture = (sock: BaileysProfileSocket, jpeg: Buffer) => whatsapp("set the profile picture", () => sock.updateProfilePicture(ownJid(sock), jpeg));
export const removeOwnPicture = (sock: BaileysProfileSocket) => whatsapp("remove the profile picture", () => sock.removeProfilePicture(ownJid(sock)));

/**
 * The picture's bytes from WhatsApp's CDN (the URL carries access tokens: it goes no further than this gateway).
 * Only https to *.whatsapp.net is fetched, with a deadline and a size cap; null when the account has no picture.
 */
export async function downloadOwnPicture(sock: BaileysProfileSocket): Promise<Buffer | null> {
  const url = await ownPictureUrl(sock, ownJid(sock));
  if (!url) return null;
  if (!whatsappHost(url)) throw new DomainError("unavailable", "WhatsApp named a picture address outside its own servers; it was not fetched");
  let response: Response;
  try {
    response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(PICTURE_TIMEOUT_MS) });
  } catch {
    throw new DomainError("unavailable", "Could not fetch the profile picture from WhatsApp's servers; try again", undefined, 5);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DomainError("unavailable", `WhatsApp's servers answered ${response.status} for the profile picture; try again`, undefined, 5);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > PICTURE_MAX_BYTES) throw new DomainError("unavailable", "WhatsApp's servers sent more than a profile picture's worth of bytes; it was not passed on");
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** A value WhatsApp reported, if it is one this gateway knows (a newer one shows as null, not as an error). */
function known(setting: PrivacySetting, value: string | undefined): string | null {
  return value !== undefined && (PRIVACY_OPTIONS[setting] as readonly string[]).includes(value) ? value : null;
}

/** Fresh from WhatsApp every time: Baileys caches the first answer and does not update it after a change. */
export async function readPrivacy(sock: BaileysProfileSocket): Promise<PrivacySettings> {
  const raw = await whatsapp("read the privacy settings", () => sock.fetchPrivacySettings(true));
  return Object.fromEntries(PRIVACY_SETTINGS.map((setting) => [setting, known(setting, raw[CATEGORIES[setting]])])) as PrivacySettings;
}

/** One setting after another; when WhatsApp refuses one, the error says which were set before it. */
export async function writePrivacy(sock: BaileysProfileSocket, changes: PrivacyChanges): Promise<void> {
  const done: string[] = [];
  for (const setting of PRIVACY_SETTINGS) {
    const value = changes[setting];
    if (value === undefined) continue;
    try {
      await whatsapp(`set ${setting} to ${value}`, () => SETTERS[setting](sock, value));
    } catch (error) {
      if (error instanceof DomainError && done.length > 0) throw new DomainError(error.kind, `${error.message}. Already set: ${done.join(", ")}`, undefined, error.retryAfterSeconds);
      throw error;
    }
    done.push(setting);
  }
}
