import { createHash, randomBytes, randomInt } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { InboundMedia } from "../../../../contract/inbound";
import { BEHAVIOUR_DEFAULTS, type BehaviourSettings } from "../../../../contract/instance-settings";
import type { SandboxInboundRequest } from "../../../../contract/sandbox";
import type { WebhookEventData } from "../../../../contract/webhooks";
import type { AuthStateStore } from "../../modules/instances/auth-state-store";
import type { ConnectOptions, Engine, EngineConnection, EngineGroup, EngineMessageEvent, OutboundMessage, PresenceState, PrivacyChanges } from "../engine";
import { DomainError } from "../../domain-error";
import { isIgnoredChat, isIgnoredEvent } from "../ignored-chats";
import { sandboxReceived, userJid } from "./sandbox-inbound";
import { SandboxProfile } from "./sandbox-profile";

export interface SandboxTiming {
  /** QR lifetimes, as Baileys: the first lives longer than the rest. */
  qrFirstMs: number;
  qrNextMs: number;
  maxQrAttempts: number;
  /** How long a simulated handshake takes. */
  handshakeMs: number;
  /** The recipient's acks follow each other this far apart: server_ack, delivered, read. */
  ackStepMs: number;
}

const BAILEYS_QR_TIMING = { qrFirstMs: 60_000, qrNextMs: 20_000, maxQrAttempts: 6, handshakeMs: 150, ackStepMs: 500 } as const;

/** What the simulated recipient got for one message (GET /api/v1/sandbox/instances/{id}/received). */
export interface SandboxDelivery {
  messageId: string;
  to: string;
  type: string;
  /** The request's fields besides `to` and `url` (the URL is the gateway's business, the bytes are what arrive). */
  content: Record<string, unknown>;
  media?: { mimetype: string; size: number; sha256: string };
  quoted?: string;
  edits: string[];
  revoked: boolean;
  at: string;
}

/** The simulated address book: these numbers have WhatsApp accounts, no others do. */
const SANDBOX_CONTACTS: ReadonlyArray<{ number: string; name: string; about: string | null; picture: boolean; business: boolean }> = [
  { number: "4915123456789", name: "Ada", about: "Counting engines", picture: true, business: false },
  { number: "4915112345678", name: "Ben", about: null, picture: false, business: false },
  { number: "4915100000009", name: "Cleo", about: "Hey there! I am using WhatsApp.", picture: false, business: false },
  { number: "14155550123", name: "Dana", about: "Open 9–17", picture: true, business: true },
];

/** The simulated account's two groups: one it created, and an announcement group where only admins write. */
function sandboxGroups(ownJid: string): EngineGroup[] {
  const member = (number: string, isAdmin = false) => ({ jid: `${number}@s.whatsapp.net`, isAdmin, isSuperAdmin: false });
  return [
    {
      id: "120363000000000001@g.us",
      subject: "Sandbox team",
      owner: ownJid,
      announce: false,
      restrict: false,
      createdAt: "2026-01-01T09:00:00.000Z",
      participants: [{ jid: ownJid, isAdmin: true, isSuperAdmin: true }, member("4915123456789", true), member("4915112345678")],
    },
    {
      id: "120363000000000002@g.us",
      subject: "Sandbox announcements",
      owner: "4915123456789@s.whatsapp.net",
      announce: true,
      restrict: true,
      createdAt: "2026-01-02T09:00:00.000Z",
      participants: [{ jid: "4915123456789@s.whatsapp.net", isAdmin: true, isSuperAdmin: true }, member("4915100000009"), { jid: ownJid, isAdmin: false, isSuperAdmin: false }],
    },
  ];
}

/** What the simulated phone did besides sending messages: presence updates and read receipts. */
export interface SandboxActivity {
  presences: Array<{ to: string; state: PresenceState; at: string }>;
  reads: Array<{ messageId: string; at: string }>;
  /**
   * Each session opened, with the proxy (masked) a real socket would have gone through (the sandbox has no socket),
   * and what a real one is made with: the browser tuple (`[0]` is the device name) and the history sync setting.
   */
  sessions: Array<{ at: string; proxy: string | null; browser: [string, string, string]; syncFullHistory: boolean }>;
}

const newSandboxId = () => `SANDBOX${randomBytes(8).toString("hex").toUpperCase()}`;

/** How many deliveries the simulated recipient keeps per instance. */
const DELIVERIES_KEPT = 2000;

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

interface SandboxCreds {
  me: { id: string; name: string };
  platform: string;
  /** What the simulated phone lists under Linked devices: recorded at the scan, as WhatsApp records it while linking. */
  device?: { name: string; platform: string; linkedAt: string };
}

/** A contact's message sent while the instance's session was stalled: WhatsApp delivers it to the next session. */
interface HeldMessage {
  request: SandboxInboundRequest;
  messageId: string;
}

type Stage = "connecting" | "waiting-for-scan" | "open" | "closed";

/** A simulated phone session. Behaves like a Baileys socket: QR rotation, 515 after pairing, closes by code. */
class SandboxConnection implements EngineConnection {
  stage: Stage = "connecting";
  private timer: NodeJS.Timeout | undefined;
  private qrAttempt = 0;
  private pairingNumber: string | undefined;
  private ownJid = "";
  /** Messages that came in during this session (the only ones a read receipt can name). */
  private readonly inboundIds = new Set<string>();
  private sent = 0;
  /** Set by stall(): from then on the simulated server sends nothing and answers nothing, and the session stays open. */
  private stalledAt: number | undefined;
  /** Sends under way (the account is online around them unless alwaysOnline), and the presence it last announced. */
  private sending = 0;
  private online = false;

  constructor(
    private readonly options: ConnectOptions,
    private readonly timing: SandboxTiming,
    private readonly onClosed: () => void,
    private readonly deliveries: SandboxDelivery[],
    private readonly activity: SandboxActivity,
    /** Contacts' messages WhatsApp holds for the instance while its session is stalled or gone; delivered on the next open. */
    private readonly held: HeldMessage[],
  ) {
    this.schedule(0, () => void this.start());
  }

  private schedule(ms: number, fn: () => void) {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
    this.timer.unref();
  }

  private async start() {
    if (this.stage === "closed") return;
    this.options.events.connecting();
    const creds = await this.options.auth.loadCreds<SandboxCreds>();
    // end() may have run while the creds loaded.
    if ((this.stage as Stage) === "closed") return;
    if (creds?.me) {
      this.schedule(this.timing.handshakeMs, () => this.openAs(creds));
    } else {
      this.stage = "waiting-for-scan";
      this.nextQr();
    }
  }

  private nextQr() {
    if (this.stage !== "waiting-for-scan") return;
    if (this.qrAttempt >= this.timing.maxQrAttempts) {
      this.closeWith({ code: 408, reason: "QR refs attempts ended", qrExpired: true });
      return;
    }
    this.qrAttempt += 1;
    // Shaped like a real pairing QR (ref,noiseKey,identityKey,advSecret) but marked as sandbox.
    const part = () => randomBytes(24).toString("base64");
    this.options.events.qr(`2@sandbox-${this.qrAttempt}-${randomBytes(8).toString("hex")},${part()},${part()},${part()}`);
    this.schedule(this.qrAttempt === 1 ? this.timing.qrFirstMs : this.timing.qrNextMs, () => this.nextQr());
  }

  private openAs(creds: SandboxCreds) {
    if (this.stage === "closed") return;
    this.stage = "open";
    const number = creds.me.id.split(":")[0]!.split("@")[0]!;
    this.ownJid = `${number}@s.whatsapp.net`;
    this.options.events.open({ number, pushName: creds.me.name, platform: creds.platform });
    // As Baileys on open (markOnlineOnConnect): online for good with alwaysOnline, otherwise offline until a send.
    this.announce(this.settings().alwaysOnline);
    // What came in while the last session was dead arrives now, as WhatsApp delivers its offline queue.
    for (const { request, messageId } of this.held.splice(0)) {
      void this.receive(request, messageId, true).catch((error: unknown) => this.options.log.warn({ err: error }, "delivering a held sandbox message failed"));
    }
  }

  private closeWith(info: { code?: number; reason: string; qrExpired?: boolean }) {
    if (this.stage === "closed") return;
    this.stage = "closed";
    clearTimeout(this.timer);
    this.onClosed();
    this.options.events.close(info);
  }

  // ---- what the simulated phone does -------------------------------------------------------------

  async scan(number: string | undefined, pushName: string | undefined) {
    if (this.stage !== "waiting-for-scan") throw new DomainError("conflict", `Nothing to scan: the simulated session is ${this.stage}, not waiting for a QR scan.`);
    const digits = number ?? this.pairingNumber ?? `1555${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
    const [name, platform] = this.options.browser;
    const device = { name, platform, linkedAt: new Date().toISOString() };
    await this.options.auth.saveCreds({ me: { id: `${digits}:1@s.whatsapp.net`, name: pushName ?? "Sandbox phone" }, platform: "sandbox", device } satisfies SandboxCreds);
    // As with Baileys, a fresh pairing ends with "restart required"; the next connection opens with the creds.
    this.closeWith({ code: 515, reason: "Stream Errored (restart required)" });
  }

  /**
   * The failure the watchdog exists for: the session stays open (no close, no error) but from now on nothing arrives
   * and nothing is answered, as when WhatsApp's side of a socket silently stops.
   */
  stall() {
    if (this.stage !== "open") throw new DomainError("conflict", `Only a connected session can stall; it is ${this.stage}.`);
    this.stalledAt ??= Date.now();
  }

  disconnect(code: number, reason?: string) {
    if (this.stage === "closed") throw new DomainError("conflict", "The simulated session is already closed.");
    this.closeWith({ code, reason: reason ?? `Simulated disconnect ${code}` });
  }

  /** A simulated contact writes to the account; a file comes with its bytes, kept before the webhook goes out. */
  async inbound(request: SandboxInboundRequest): Promise<{ messageId: string; mediaId?: string; held?: true; ignored?: true; read?: true }> {
    if (this.stage === "open" && this.stalledAt !== undefined) {
      // Sent, but the dead session hears nothing: WhatsApp keeps it for the next session.
      const messageId = newSandboxId();
      this.held.push({ request, messageId });
      return { messageId, held: true };
    }
    return this.receive(request, newSandboxId(), false);
  }

  private async receive(request: SandboxInboundRequest, messageId: string, offline: boolean): Promise<{ messageId: string; mediaId?: string; ignored?: true; read?: true }> {
    this.mustBeOpen("Inbound messages");
    const chat = request.group ?? request.chat ?? userJid(request.from);
    // As Baileys with shouldIgnoreJid: dropped before anything is kept or reported.
    if (isIgnoredChat(this.settings(), chat)) return { messageId, ignored: true };
    if (chat === "status@broadcast") {
      // Status updates are never webhooks (as with Baileys); readStatus marks them seen.
      this.inboundIds.add(messageId);
      return { messageId, ...(this.settings().readStatus ? await this.readAtOnce(messageId) : {}) };
    }
    const { data, file } = sandboxReceived(request, messageId);
    let media: InboundMedia | undefined;
    if (file) {
      const { keep, ...shown } = file;
      media = { ...(this.options.media ? await this.options.media.keep({ messageId, ...keep }) : {}), ...shown };
    }
    this.mustBeOpen("Inbound messages");
    this.inboundIds.add(messageId);
    this.emit({ type: "message.received", data: { ...data, ...(media ? { media } : {}), ...(offline ? { offline: true as const } : {}) } });
    return { messageId, ...(media?.mediaId ? { mediaId: media.mediaId } : {}), ...(this.settings().readMessages ? await this.readAtOnce(messageId) : {}) };
  }

  private async readAtOnce(messageId: string): Promise<{ read?: true }> {
    const { read } = await this.markRead([messageId]);
    return read.length > 0 ? { read: true } : {};
  }

  /** A simulated contact reacts to a message (an empty emoji takes the reaction back). */
  react(request: { from: string; group?: string; messageId: string; emoji: string }): void {
    this.mustBeOpen("Reactions");
    const from = userJid(request.from);
    this.emit({ type: "message.reaction", data: { messageId: request.messageId, remoteJid: request.group ?? from, from, emoji: request.emoji, timestamp: new Date().toISOString() } });
  }

  /** A simulated contact deletes one of their messages for everyone. */
  contactRevoke(request: { from: string; group?: string; messageId: string }): void {
    this.mustBeOpen("Deletions");
    const from = userJid(request.from);
    this.emit({ type: "message.deleted", data: { messageId: request.messageId, remoteJid: request.group ?? from, from, timestamp: new Date().toISOString() } });
  }

  /**
   * A simulated contact calls the account. With rejectCalls on, a new call is rejected at once (`rejected: true` in
   * its webhook) and rejectCallMessage is sent to the caller like any message (it arrives at the caller's phone).
   */
  async call(request: { from: string; isVideo: boolean; status: WebhookEventData<"call.received">["status"] }): Promise<{ callId: string; rejected?: true; replyMessageId?: string }> {
    this.mustBeOpen("Calls");
    const callId = `SANDBOXCALL${randomBytes(8).toString("hex").toUpperCase()}`;
    const from = userJid(request.from);
    const { rejectCalls, rejectCallMessage } = this.settings();
    const rejecting = rejectCalls && request.status === "offer";
    this.emit({ type: "call.received", data: { callId, from, isVideo: request.isVideo, isGroup: false, status: request.status, timestamp: new Date().toISOString(), ...(rejecting ? { rejected: true } : {}) } });
    if (!rejecting) return { callId };
    if (!rejectCallMessage) return { callId, rejected: true };
    const replyMessageId = newSandboxId();
    await this.send({ id: replyMessageId, jid: from, content: { type: "text", text: rejectCallMessage } });
    return { callId, rejected: true, replyMessageId };
  }

  /** Members of a group the account is in are added, removed, promoted or demoted. */
  groupParticipants(request: { group: string; action: WebhookEventData<"group.participants">["action"]; participants: string[]; author?: string }): void {
    this.mustBeOpen("Group changes");
    const { group, action, participants, author } = request;
    this.emit({
      type: "group.participants",
      data: { groupJid: group, action, participants: participants.map(userJid), ...(author ? { author: userJid(author) } : {}), timestamp: new Date().toISOString() },
    });
  }

  /** A simulated contact starts typing, recording, pauses, comes online or goes offline. */
  presence(request: { from: string; group?: string; presence: WebhookEventData<"presence.update">["presence"] }): void {
    this.mustBeOpen("Presence updates");
    const offline = request.presence === "unavailable" ? { lastSeen: new Date().toISOString() } : {};
    this.emit({
      type: "presence.update",
      data: { jid: userJid(request.from), ...(request.group ? { chat: request.group } : {}), presence: request.presence, ...offline, timestamp: new Date().toISOString() },
    });
  }

  private settings(): BehaviourSettings {
    return this.options.settings?.() ?? BEHAVIOUR_DEFAULTS;
  }

  /** An account event, unless it is about a chat the settings ignore. */
  private emit(event: EngineMessageEvent): void {
    if (!isIgnoredEvent(this.settings(), event)) this.options.events.message(event);
  }

  /** The account's own presence (available/unavailable), as the simulated phone's contacts would see it. */
  private announce(online: boolean): void {
    this.online = online;
    this.recordPresence(this.ownJid, online ? "available" : "unavailable");
  }

  private recordPresence(to: string, state: PresenceState): void {
    this.activity.presences.push({ to, state, at: new Date().toISOString() });
    if (this.activity.presences.length > DELIVERIES_KEPT) this.activity.presences.shift();
  }

  private mustBeOpen(what: string): void {
    if (this.stage === "open" && this.stalledAt !== undefined) throw new DomainError("conflict", `${what} cannot reach a stalled session: nothing gets through until it is restarted.`);
    if (this.stage !== "open") throw new DomainError("conflict", `${what} need a connected session; it is ${this.stage}.`);
  }

  // ---- EngineConnection ----------------------------------------------------------------------------

  // A live simulated server is always heard from: until stall(), the last traffic is now.
  lastReceivedAt() {
    return this.stage === "open" ? (this.stalledAt ?? Date.now()) : undefined;
  }

  async probe(timeoutMs: number) {
    this.open();
    if (this.stalledAt === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    throw new Error(`No answer from the simulated server within ${timeoutMs} ms (the session is stalled)`);
  }

  async end() {
    this.stage = "closed";
    clearTimeout(this.timer);
    this.onClosed();
  }

  async logout() {
    await this.end();
  }

  async requestPairingCode(phoneNumber: string) {
    if (this.stage !== "waiting-for-scan") throw new DomainError("conflict", "A pairing code needs a session that waits for a scan.");
    this.pairingNumber = phoneNumber;
    const alphabet = "ABCDEFGHJKLMNPQRSTVWXYZ123456789";
    const code = Array.from({ length: 8 }, () => alphabet[randomInt(0, alphabet.length)]).join("");
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /** Sends with the account online around it, unless it is online anyway (alwaysOnline), as the Baileys engine does. */
  async send(message: OutboundMessage) {
    if (this.stage !== "open") throw new DomainError("conflict", "Cannot send: the simulated session is not open.");
    const wrap = !this.settings().alwaysOnline;
    if (wrap && this.sending++ === 0 && !this.online) this.announce(true);
    try {
      await this.deliver(message);
    } finally {
      if (wrap && --this.sending === 0 && !this.settings().alwaysOnline && this.stage === "open") this.announce(false);
    }
  }

  private async deliver(message: OutboundMessage) {
    this.sent += 1;
    const type = message.content.type ?? "text";
    const content: Record<string, unknown> = { ...message.content, type };
    delete content.url;
    const delivery: SandboxDelivery = {
      messageId: message.id,
      to: message.jid,
      type,
      content,
      ...(message.media ? { media: { mimetype: message.media.mimetype, size: message.media.size, sha256: await sha256File(message.media.path) } } : {}),
      ...(message.quoted ? { quoted: message.quoted.id } : {}),
      edits: [],
      revoked: false,
      at: new Date().toISOString(),
    };
    if ((this.stage as Stage) !== "open") throw new DomainError("conflict", "Cannot send: the simulated session closed.");
    this.deliveries.push(delivery);
    if (this.deliveries.length > DELIVERIES_KEPT) this.deliveries.shift();
    const now = () => new Date().toISOString();
    const text = "text" in message.content ? message.content.text : "caption" in message.content ? message.content.caption : undefined;
    this.options.events.message({ type: "message.sent", data: { messageId: message.id, to: message.jid, ...(text ? { text } : {}), timestamp: now() } });
    // The simulated recipient's phone acknowledges, receives and reads it.
    const steps = ["server_ack", "delivered", "read"] as const;
    steps.forEach((status, i) => {
      const t = setTimeout(() => {
        if (this.stage === "open") this.emit({ type: "message.status", data: { messageId: message.id, remoteJid: message.jid, status, timestamp: now() } });
      }, (i + 1) * this.timing.ackStepMs);
      t.unref();
    });
  }

  private delivered(jid: string, messageId: string): SandboxDelivery {
    if (this.stage !== "open") throw new DomainError("conflict", "The simulated session is not open.");
    const delivery = this.deliveries.find((d) => d.messageId === messageId && d.to === jid);
    if (!delivery) throw new DomainError("conflict", `The simulated recipient never got message ${messageId}.`);
    return delivery;
  }

  async edit(jid: string, messageId: string, text: string) {
    this.delivered(jid, messageId).edits.push(text);
  }

  async revoke(jid: string, messageId: string) {
    this.delivered(jid, messageId).revoked = true;
  }

  private open(): void {
    if (this.stage !== "open") throw new DomainError("conflict", "The simulated session is not open.");
  }

  async checkNumbers(numbers: string[]) {
    this.open();
    return numbers.map((number) => {
      const exists = SANDBOX_CONTACTS.some((c) => c.number === number);
      return { number, exists, jid: exists ? `${number}@s.whatsapp.net` : null };
    });
  }

  async groups() {
    this.open();
    return sandboxGroups(this.ownJid);
  }

  async group(jid: string) {
    this.open();
    return sandboxGroups(this.ownJid).find((g) => g.id === jid) ?? null;
  }

  async profile(jid: string) {
    this.open();
    const contact = SANDBOX_CONTACTS.find((c) => `${c.number}@s.whatsapp.net` === jid);
    if (!contact) return null;
    return {
      // .invalid never resolves: a sandbox picture is a name, not a place to fetch from.
      pictureUrl: contact.picture ? `https://sandbox.invalid/pictures/${contact.number}.jpg` : null,
      about: contact.about,
      ...(contact.about ? { aboutSetAt: "2026-01-01T09:00:00.000Z" } : {}),
      isBusiness: contact.business,
    };
  }

  // ---- the account's own profile and privacy (sandbox-profile.ts, docs/profile.md) ----

  private get account(): SandboxProfile {
    this.open();
    return new SandboxProfile(this.options.auth);
  }

  async ownProfile() {
    return this.account.profile();
  }

  /** As a real account: the push name follows, reported before this resolves. */
  async setName(name: string) {
    if (await this.account.setName(name)) this.options.events.pushName(name);
  }

  async setAbout(about: string) {
    return this.account.setAbout(about);
  }

  async setPicture(jpeg: Buffer) {
    return this.account.setPicture(jpeg);
  }

  async removePicture() {
    return this.account.removePicture();
  }

  async ownPicture() {
    return this.account.picture();
  }

  async privacy() {
    return this.account.privacy();
  }

  async setPrivacy(changes: PrivacyChanges) {
    return this.account.setPrivacy(changes);
  }

  // ---- end of the own profile block ----

  async sendPresence(state: PresenceState, jid: string) {
    this.open();
    this.recordPresence(jid, state);
    if (state === "available" || state === "unavailable") this.online = state === "available";
  }

  async settingsChanged() {
    if (this.stage !== "open" || this.stalledAt !== undefined) return;
    const wanted = this.settings().alwaysOnline;
    if (wanted !== this.online && (wanted || this.sending === 0)) this.announce(wanted);
  }

  async markRead(messageIds: string[]) {
    this.open();
    const read = messageIds.filter((id) => this.inboundIds.has(id));
    const at = new Date().toISOString();
    for (const messageId of read) this.activity.reads.push({ messageId, at });
    if (this.activity.reads.length > DELIVERIES_KEPT) this.activity.reads.splice(0, this.activity.reads.length - DELIVERIES_KEPT);
    return { read, unknown: messageIds.filter((id) => !this.inboundIds.has(id)) };
  }
}

/** The offline engine: simulated phones for demos and tests. Never reaches WhatsApp. */
export class SandboxEngine implements Engine {
  readonly name = "sandbox" as const;
  readonly qrTiming: Engine["qrTiming"];
  private readonly live = new Map<string, SandboxConnection>();
  private readonly deliveries = new Map<string, SandboxDelivery[]>();
  private readonly activities = new Map<string, SandboxActivity>();
  private readonly held = new Map<string, HeldMessage[]>();

  constructor(private readonly timing: SandboxTiming = BAILEYS_QR_TIMING) {
    this.qrTiming = { firstMs: timing.qrFirstMs, nextMs: timing.qrNextMs, maxAttempts: timing.maxQrAttempts };
  }

  connect(options: ConnectOptions): EngineConnection {
    // The session's start and end, in the instance's log: the cluster tests check from them that no two nodes ever
    // run one instance at once.
    let deliveries = this.deliveries.get(options.instanceId);
    if (!deliveries) this.deliveries.set(options.instanceId, (deliveries = []));
    const connection: SandboxConnection = new SandboxConnection(
      options,
      this.timing,
      () => {
        if (this.live.get(options.instanceId) === connection) this.live.delete(options.instanceId);
        options.log.debug({ session: "end" }, "sandbox session ended");
      },
      deliveries,
      this.activityOf(options.instanceId),
      this.heldFor(options.instanceId),
    );
    this.live.set(options.instanceId, connection);
    options.log.debug({ session: "start" }, "sandbox session started");
    // ---- proxy (docs/proxies.md): recorded, since a simulated session has no socket to send through it; and the
    // settings only a new socket takes (docs/instance-settings.md), as a real one would be made with them ----
    const sessions = this.activityOf(options.instanceId).sessions;
    const syncFullHistory = (options.settings?.() ?? BEHAVIOUR_DEFAULTS).syncFullHistory;
    sessions.push({ at: new Date().toISOString(), proxy: options.proxy?.display ?? null, browser: [...options.browser], syncFullHistory });
    if (sessions.length > DELIVERIES_KEPT) sessions.shift();
    return connection;
  }

  newMessageId(): string {
    return newSandboxId();
  }

  /** The bytes the simulated contact sent (kept in the database, so any node of a cluster serves them). */
  async openMedia(media: { source: string; content: Buffer | null }): Promise<Readable> {
    if (!media.content) throw new DomainError("gone", "The simulated file is no longer kept");
    return Readable.from([media.content]);
  }

  /** What the simulated recipients got from this instance since the gateway started, oldest first. */
  received(instanceId: string): readonly SandboxDelivery[] {
    return this.deliveries.get(instanceId) ?? [];
  }

  /** Presence updates and read receipts the instance sent since the gateway started. */
  activityOf(instanceId: string): SandboxActivity {
    let activity = this.activities.get(instanceId);
    if (!activity) this.activities.set(instanceId, (activity = { presences: [], reads: [], sessions: [] }));
    return activity;
  }

  private heldFor(instanceId: string): HeldMessage[] {
    let held = this.held.get(instanceId);
    if (!held) this.held.set(instanceId, (held = []));
    return held;
  }

  /** What the instance's simulated phone lists under Linked devices: the device it was linked with, if it is linked. */
  async linkedDevices(auth: AuthStateStore): Promise<Array<{ name: string; platform: string; linkedAt: string }>> {
    const creds = await auth.loadCreds<SandboxCreds>();
    return creds?.me && creds.device ? [creds.device] : [];
  }

  /** The simulated phone of an instance; 409 when it has no live session. */
  phone(instanceId: string): SandboxConnection {
    const connection = this.live.get(instanceId);
    if (!connection) throw new DomainError("conflict", "The instance has no live simulated session; connect it first.");
    return connection;
  }
}
