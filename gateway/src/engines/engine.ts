import type { Readable } from "node:stream";
import type { Logger } from "pino";
import type { BehaviourSettings } from "../../../contract/instance-settings";
import type { EngineName } from "../../../contract/instances";
import type { MediaMessageType, SendMessageContent } from "../../../contract/messages";
import type { PrivacySettings, UpdatePrivacyRequest } from "../../../contract/profile";
import type { ParsedProxyUrl } from "../../../contract/proxy-url";
import type { WebhookEventData } from "../../../contract/webhooks";
import type { AuthStateStore, JsonCodec } from "../modules/instances/auth-state-store";

/** Who the linked device is, read once the connection is open. */
export interface ConnectedIdentity {
  number: string;
  pushName?: string;
  platform?: string;
}

export interface CloseInfo {
  /** Baileys DisconnectReason code, if the close carried one. */
  code?: number;
  reason: string;
  /** Baileys closes with 408 both for a lost connection and when the QR codes run out; this tells them apart. */
  qrExpired?: boolean;
}

type AccountEventType = "message.received" | "message.sent" | "message.status" | "message.reaction" | "message.deleted" | "call.received" | "group.participants" | "presence.update";

/**
 * What happens on the account (messages, reactions, deletions, calls, group changes, presence): each is a webhook
 * event, as its envelope names it: `type` and `data`.
 */
export type EngineMessageEvent = { [T in AccountEventType]: { type: T; data: WebhookEventData<T> } }[AccountEventType];

/** A received media file to keep for download: what webhooks show of it, and the engine's own way back to its bytes. */
export interface ReceivedMedia {
  messageId: string;
  type: MediaMessageType;
  mimetype: string;
  size: number;
  fileName?: string;
  /** Engine-specific and opaque to the gateway (Baileys: the media key and CDN path). Never logged. */
  source: string;
  /** The bytes themselves, for an engine that has no other way back to them (the sandbox). */
  content?: Buffer;
}

/** Keeps received media files of one instance; the engine puts the id it answers into `message.received`. */
export interface MediaKeeper {
  keep(media: ReceivedMedia): Promise<{ mediaId: string; expiresAt: string }>;
}

/** A message the engine should know by id: one it sent (fromMe) or received. */
interface MessageRef {
  id: string;
  fromMe: boolean;
}

/** A media file fetched for sending: a temporary file the engine streams from (never held in memory whole). */
export interface OutboundMedia {
  path: string;
  size: number;
  mimetype: string;
}

/** One message to send, with its id chosen beforehand (Engine.newMessageId) so the 202 can name it. */
export interface OutboundMessage {
  id: string;
  jid: string;
  content: SendMessageContent;
  /** For the media types: the fetched file. */
  media?: OutboundMedia;
  /** The message replyTo names. */
  quoted?: MessageRef;
  /** For a reaction: the message reacted to. */
  reactTo?: MessageRef;
}

/** A group as an engine reports it. */
export interface EngineGroup {
  id: string;
  subject: string;
  owner: string | null;
  announce: boolean;
  restrict: boolean;
  createdAt?: string;
  participants: Array<{ jid: string; isAdmin: boolean; isSuperAdmin: boolean }>;
}

export type PresenceState = "composing" | "recording" | "paused" | "available" | "unavailable";

/** The linked account's own profile as an engine reads it (docs/profile.md); the privacy settings come apart. */
export interface OwnProfile {
  name: string | null;
  about: string | null;
  aboutSetAt?: string;
  hasPicture: boolean;
  pictureUpdatedAt?: string;
}

/** Privacy changes to make: only the settings named change. */
export type PrivacyChanges = UpdatePrivacyRequest;

/** What one connection (one socket) reports. The runtime ignores everything from a connection it replaced. */
export interface ConnectionEvents {
  connecting(): void;
  qr(qr: string): void;
  open(identity: ConnectedIdentity): void;
  close(info: CloseInfo): void;
  message(event: EngineMessageEvent): void;
  /** The account's own display name changed after the connection opened. */
  pushName(name: string): void;
}

/** One socket. A reconnect is always a new connection; never two on one set of creds. */
export interface EngineConnection {
  /** Ends the socket without logging out (restart, shutdown, operator stop). Emits no close event afterwards. */
  end(): Promise<void>;
  /** Unlinks the device from the phone, then ends the socket. */
  logout(): Promise<void>;
  /** Only while waiting for a QR scan (socket open, not yet paired). Returns the 8-character code. */
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Sends one message under its own id; resolves once it has left (acks follow as message.status events). */
  send(message: OutboundMessage): Promise<void>;
  /** Replaces the text of a text message sent earlier. */
  edit(jid: string, messageId: string, text: string): Promise<void>;
  /** Deletes a message sent earlier for everyone. */
  revoke(jid: string, messageId: string): Promise<void>;
  /** Which of these numbers (digits) have a WhatsApp account, and their JIDs. */
  checkNumbers(numbers: string[]): Promise<Array<{ number: string; exists: boolean; jid: string | null }>>;
  /** Every group the account is in. */
  groups(): Promise<EngineGroup[]>;
  /** One group with its participants; null when the account is not in it. */
  group(jid: string): Promise<EngineGroup | null>;
  /** Typing/recording/paused in a chat, or the account's own available/unavailable. */
  sendPresence(state: PresenceState, jid: string): Promise<void>;
  /** A user's profile picture, about text and business flag; null when the number has no WhatsApp account. */
  profile(jid: string): Promise<{ pictureUrl: string | null; about: string | null; aboutSetAt?: string; isBusiness: boolean | null } | null>;
  // ---- the account's own profile and privacy (docs/profile.md) ----
  /** The account's display name, about text and whether it has a picture. */
  ownProfile(): Promise<OwnProfile>;
  /** Sets the display name (push name); the engine reports it as `pushName` too, before resolving. */
  setName(name: string): Promise<void>;
  setAbout(about: string): Promise<void>;
  /** Sets the profile picture: a square JPEG the gateway made (docs/profile.md, "Picture"). */
  setPicture(jpeg: Buffer): Promise<void>;
  removePicture(): Promise<void>;
  /** The profile picture's bytes (full size), or null when there is none. */
  ownPicture(): Promise<Buffer | null>;
  privacy(): Promise<PrivacySettings>;
  /** Changes the named privacy settings, one after another in the order given. */
  setPrivacy(changes: PrivacyChanges): Promise<void>;
  // ---- end of the own profile block ----
  /** Sends read receipts for received messages this session knows; returns which it did not know. */
  markRead(messageIds: string[]): Promise<{ read: string[]; unknown: string[] }>;
  /**
   * When this connection last received anything from the server (epoch ms; Baileys: any frame, keep-alive answers
   * included), or undefined before the first. The watchdog reads it (docs/operations.md, "Watchdog").
   */
  lastReceivedAt(): number | undefined;
  /** A cheap round trip to the server (Baileys: a ping IQ); rejects when no answer comes within `timeoutMs`. */
  probe(timeoutMs: number): Promise<void>;
  /**
   * `ConnectOptions.settings` answers differently now: do at once what a live change needs (the account's own
   * presence when `alwaysOnline` changed). Everything else is read where it is used, so it applies by itself.
   */
  settingsChanged(): Promise<void>;
}

export interface ConnectOptions {
  instanceId: string;
  browser: [string, string, string];
  auth: AuthStateStore;
  log: Logger;
  events: ConnectionEvents;
  /** Where received media files are kept; without one, `message.received` names no `mediaId`. */
  media?: MediaKeeper;
  /**
   * The instance's behaviour settings as they are now (docs/instance-settings.md), read each time one matters (a
   * call, a received message, a send), so a change applies without a new connection; BEHAVIOUR_DEFAULTS without it.
   * What only a new socket takes (history sync; the device name is `browser[0]`) is read once, at connect.
   */
  settings?: () => BehaviourSettings;
  // ---- proxy (docs/proxies.md) ----
  /** The proxy this connection goes through (its socket and its media transfers); absent: direct. */
  proxy?: EngineProxy;
}

/** A proxy as engines take it: the URL with credentials, for the agents alone (never logged), and the masked URL. */
export interface EngineProxy {
  url: ParsedProxyUrl;
  display: string;
}

export interface Engine {
  readonly name: EngineName;
  /** How this engine's auth state is serialised (Baileys needs its BufferJSON for Buffers/Uint8Arrays). */
  readonly authCodec?: JsonCodec;
  /** How long each QR lives (Baileys: first 60 s, then 20 s) and how many it shows before giving up. */
  readonly qrTiming: { firstMs: number; nextMs: number; maxAttempts: number };
  /** A new message id in this engine's form (WhatsApp's for Baileys), chosen before the message is queued. */
  newMessageId(): string;
  /** Opens a new connection for the instance; events arrive through `options.events`. */
  connect(options: ConnectOptions): EngineConnection;
  /**
   * The bytes of a kept media file, from what `ReceivedMedia` held. Needs no connection, so any node can serve it;
   * a file the engine can no longer get is a `gone` DomainError. Fetched through the instance's proxy when it has one.
   */
  openMedia(media: { source: string; content: Buffer | null }, options?: { proxy?: EngineProxy }): Promise<Readable>;
}
