import makeWASocket, {
  BufferJSON,
  S_WHATSAPP_NET,
  generateMessageIDV2,
  initAuthCreds,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isRealMessage,
  jidDecode,
  jidNormalizedUser,
  makeCacheableSignalKeyStore,
  type AnyMessageContent,
  type AuthenticationCreds,
  type BinaryNode,
  type BaileysEventMap,
  type CacheStore,
  type ConnectionState,
  type GroupMetadata,
  type USyncQueryResultList,
  type WABusinessProfile,
  type WAPresence,
  type MiscMessageGenerationOptions,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type UserFacingSocketConfig,
  type WAMessage,
  type WAMessageKey,
  type WAVersion,
  type proto,
} from "baileys";
import type { Logger } from "pino";
import { DomainError } from "../../domain-error";
import type { InboundMedia } from "../../../../contract/inbound";
import { BEHAVIOUR_DEFAULTS } from "../../../../contract/instance-settings";
import type { JsonCodec } from "../../modules/instances/auth-state-store";
import type { PrivacySettings } from "../../../../contract/profile";
import type { CloseInfo, ConnectOptions, Engine, EngineConnection, EngineGroup, EngineMessageEvent, OutboundMessage, OwnProfile, PresenceState, PrivacyChanges } from "../engine";
import { isIgnoredChat, isIgnoredEvent } from "../ignored-chats";
import { BaileysBehaviour } from "./behaviour";
import { chatJid, participantsEvent, presenceEvents, reactionOrDeletion, receivedMessage, textOf, toIso, type Timestamp } from "./inbound-events";
import { downloadMedia } from "./media-download";
import { proxyClients, type ProxyClients } from "./proxy-clients";
import { baileysContent, ownKey } from "./message-content";
import { downloadOwnPicture, readOwnProfile, readPrivacy, removeOwnPicture, setOwnAbout, setOwnName, setOwnPicture, writePrivacy, type BaileysProfileSocket } from "./own-profile";
import { whatsapp, whatsappCode } from "./whatsapp-call";

type EventListener<T extends keyof BaileysEventMap> = (arg: BaileysEventMap[T]) => void;

/** The part of a Baileys socket the engine uses; `makeWASocket`'s result satisfies it, and so can a test fake. */
export interface BaileysSocketLike extends BaileysProfileSocket {
  ev: { on<T extends keyof BaileysEventMap>(event: T, listener: EventListener<T>): void };
  authState: { creds: AuthenticationCreds };
  end(error: Error | undefined): Promise<void>;
  logout(msg?: string): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
  onWhatsApp(...phoneNumber: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined>;
  groupFetchAllParticipating(): Promise<{ [jid: string]: GroupMetadata }>;
  groupMetadata(jid: string): Promise<GroupMetadata>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  rejectCall(callId: string, callFrom: string): Promise<void>;
  profilePictureUrl(jid: string, type?: "preview" | "image", timeoutMs?: number): Promise<string | undefined>;
  fetchStatus(...jids: string[]): Promise<USyncQueryResultList[] | undefined>;
  getBusinessProfile(jid: string): Promise<WABusinessProfile | void>;
  /** The WebSocket: emits `frame` for everything the server sends (keep-alive answers included). */
  ws: { on(event: "frame", listener: () => void): unknown };
  query(node: BinaryNode, timeoutMs?: number): Promise<unknown>;
  generateMessageTag(): string;
}

type BaileysSocketFactory = (config: UserFacingSocketConfig) => BaileysSocketLike;

export interface BaileysEngineOptions {
  /** Defaults to Baileys' `makeWASocket`. */
  socketFactory?: BaileysSocketFactory;
  /** Defaults to WhatsApp's own endpoint; tests point it at a local server. */
  waWebSocketUrl?: string | URL;
  connectTimeoutMs?: number;
  /** WhatsApp Web version to announce; defaults to the one bundled with Baileys (never fetched). */
  version?: WAVersion;
  /** Floor for Baileys' own log level (the instance logger's level still applies if it is stricter). */
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** Upper bound for waiting on Baileys to close its socket in end(). */
  endTimeoutMs?: number;
}

const MESSAGE_STORE_SIZE = 1000;
const KEY_CACHE_SIZE = 5000;
const RETRY_COUNTER_SIZE = 2000;

/** Baileys' BufferJSON, so Buffers and Uint8Arrays in creds and keys survive the database. */
export const baileysAuthCodec: JsonCodec = {
  stringify: (value) => JSON.stringify(value, BufferJSON.replacer),
  parse: (text) => JSON.parse(text, BufferJSON.reviver) as unknown,
};

/** Insertion-ordered LRU with a size cap and no timers (Baileys' default NodeCache keeps an interval per cache). */
class BoundedCache<V = unknown> implements CacheStore {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get<T>(key: string): T | undefined {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, value);
    return value as unknown as T;
  }

  set<T>(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value as unknown as V);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  del(key: string): void {
    this.map.delete(key);
  }

  flushAll(): void {
    this.map.clear();
  }
}

/** What outlives a single socket for one instance: the signal-key cache, retry counters and recent messages with their keys. */
interface InstanceMemory {
  keyCache: BoundedCache;
  retryCounts: BoundedCache;
  messages: BoundedCache<proto.IMessage>;
  keys: BoundedCache<WAMessageKey>;
}

const newMemory = (): InstanceMemory => ({
  keyCache: new BoundedCache(KEY_CACHE_SIZE),
  retryCounts: new BoundedCache(RETRY_COUNTER_SIZE),
  messages: new BoundedCache<proto.IMessage>(MESSAGE_STORE_SIZE),
  keys: new BoundedCache<WAMessageKey>(MESSAGE_STORE_SIZE),
});

/** proto.WebMessageInfo.Status: ERROR 0, PENDING 1 (not a change for us), SERVER_ACK 2, DELIVERY_ACK 3, READ 4, PLAYED 5. */
const STATUS_NAMES: Record<number, "failed" | "server_ack" | "delivered" | "read" | "played"> = { 0: "failed", 2: "server_ack", 3: "delivered", 4: "read", 5: "played" };

/** Why a connection closed: Baileys' DisconnectReason, the status of the Boom it puts into lastDisconnect. */
const errorCode = (error: unknown): number | undefined => {
  const code = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof code === "number" ? code : undefined;
};

const errorMessage = (error: unknown, fallback: string): string => (error instanceof Error && error.message ? error.message : fallback);

/** Baileys' level is the stricter of the instance logger's and the configured floor, so it never logs more than asked. */
const baileysLogger = (log: Logger, floor: string): Logger => {
  if (floor === "silent") return log.child({ engine: "baileys" }, { level: "silent" });
  const floorValue = log.levels.values[floor] ?? log.levels.values.warn ?? 40;
  const level = log.levelVal > floorValue ? log.level : floor;
  return log.child({ engine: "baileys" }, { level });
};

const toJid = (to: string): string => {
  if (to.includes("@")) return to;
  const digits = to.replace(/\D/g, "");
  if (!digits) throw new Error(`"${to}" is neither a phone number nor a JID`);
  return `${digits}@s.whatsapp.net`;
};

class BaileysConnection implements EngineConnection {
  private sock: BaileysSocketLike | undefined;
  private mem: InstanceMemory | undefined;
  private readonly log: Logger;
  private readonly started: Promise<void>;
  /** Set by end()/logout(): from then on nothing is reported. */
  private ended = false;
  /** Set once close was reported (or ended): Baileys' later events are stale. */
  private finished = false;
  private isOpen = false;
  private awaitingPairing = false;
  /** After a logout/401 or a finished end(), this socket's late writes must not touch (or resurrect) the auth state. */
  private readOnly = false;
  private readonly writes = new Set<Promise<void>>();
  private socketClosed: Promise<void> | undefined;
  /** When the server last sent anything (epoch ms), for the watchdog. */
  private receivedAt: number | undefined;
  private reportChain: Promise<void> = Promise.resolve();
  /** Ids send() is sending or sent: their `append` echo is not a second message.sent. */
  private readonly sentHere = new BoundedCache<true>(MESSAGE_STORE_SIZE);
  /** The display name `open` (or a later change) reported, to tell a real change from a repeat. */
  private reportedName: string | undefined;
  private endPromise: Promise<void> | undefined;
  /** The instance's behaviour settings on this socket (docs/instance-settings.md). */
  private readonly behaviour: BaileysBehaviour;
  /** The instance's proxy clients for this socket (docs/proxies.md), released when it closes. */
  private proxy: ProxyClients | undefined;

  constructor(
    private readonly options: ConnectOptions,
    private readonly engine: BaileysEngineOptions,
    private readonly memory: (reset: boolean) => InstanceMemory,
    private readonly factory: BaileysSocketFactory,
  ) {
    this.log = options.log;
    this.behaviour = new BaileysBehaviour(options.settings ?? (() => BEHAVIOUR_DEFAULTS), this.log);
    this.started = this.start().catch((error: unknown) => {
      this.log.error({ err: error }, "could not start the Baileys socket");
      this.report(() => this.options.events.close({ code: errorCode(error), reason: errorMessage(error, "Could not start the connection") }), true);
      this.finished = true;
    });
  }

  private async start(): Promise<void> {
    const { auth } = this.options;
    let creds = await auth.loadCreds<AuthenticationCreds>();
    const fresh = !creds;
    if (!creds) {
      creds = initAuthCreds();
      await auth.saveCreds(creds);
    } else if (creds.me && !creds.account) {
      // A pairing-code request that never completed leaves `me` without `account`; Baileys would then try to log in and get 401.
      creds.me = undefined;
      creds.pairingCode = undefined;
      await auth.saveCreds(creds);
    }
    if (this.ended) return;

    const memory = this.memory(fresh);
    this.mem = memory;
    const logger = baileysLogger(this.log, this.engine.logLevel ?? "warn");
    const store: SignalKeyStore = {
      get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => (await auth.getKeys(type, ids)) as { [id: string]: SignalDataTypeMap[T] },
      set: (data: SignalDataSet) => this.track(auth.setKeys(data as Record<string, Record<string, unknown>>)),
      clear: () => this.track(auth.clearKeys()),
    };
    const cached = makeCacheableSignalKeyStore(store, logger, memory.keyCache);
    // The guard sits outside the cache so a dropped write leaves cache and database in agreement.
    const keys: SignalKeyStore = {
      get: (type, ids) => cached.get(type, ids),
      set: async (data) => (this.readOnly ? undefined : cached.set(data)),
      clear: async () => (this.readOnly ? undefined : cached.clear?.()),
    };
    const config: UserFacingSocketConfig = {
      auth: { creds, keys },
      browser: this.options.browser,
      logger,
      printQRInTerminal: false,
      ...this.behaviour.socketConfig(),
      msgRetryCounterCache: memory.retryCounts,
      getMessage: async (key) => (key.id ? memory.messages.get<proto.IMessage>(key.id) : undefined),
      ...(this.engine.version ? { version: this.engine.version } : {}),
      ...(this.engine.waWebSocketUrl ? { waWebSocketUrl: this.engine.waWebSocketUrl } : {}),
      ...(this.engine.connectTimeoutMs ? { connectTimeoutMs: this.engine.connectTimeoutMs } : {}),
    };
    // ---- proxy (docs/proxies.md): the socket, media uploads and Baileys' own fetches go through it ----
    if (this.options.proxy) {
      this.proxy = proxyClients(this.options.proxy);
      Object.assign(config, this.proxy.config);
    }

    const sock = this.factory(config);
    this.sock = sock;
    this.socketClosed = new Promise((resolve) => {
      sock.ev.on("connection.update", (update) => {
        if (update.connection === "close") resolve();
      });
    });
    void this.socketClosed.then(() => this.proxy?.release());
    this.listen(sock, memory);
  }

  private listen(sock: BaileysSocketLike, memory: InstanceMemory): void {
    sock.ws.on("frame", () => {
      this.receivedAt = Date.now();
    });

    sock.ev.on("creds.update", (update) => {
      if (this.readOnly) return;
      Object.assign(sock.authState.creds, update);
      this.track(this.options.auth.saveCreds(sock.authState.creds)).catch((error: unknown) => this.log.error({ err: error }, "saving Baileys creds failed"));
      // Baileys learns the account's own name from its messages, often only after open.
      const name = update.me?.name;
      if (this.isOpen && name) this.noteName(name);
    });

    sock.ev.on("connection.update", (update) => this.onConnectionUpdate(sock, update));

    sock.ev.on("messages.upsert", ({ messages, type }) => {
      const toRead: WAMessageKey[] = [];
      for (const message of messages) {
        if (message.key.id && message.message) {
          memory.messages.set(message.key.id, message.message);
          memory.keys.set(message.key.id, message.key);
        }
        // `notify`: live. `append`: the account's own messages (Baileys' echo of a send, or what its phone sent while
        // this socket was offline) are reported, except the echo of send()'s own; others' are what WhatsApp held while
        // the session was away (a stopped gateway, a dead socket the watchdog restarted), reported as `offline`.
        if (type === "notify") this.reportMessage(sock, message, toRead);
        else if (message.key.fromMe) {
          if (!(message.key.id && this.sentHere.get(message.key.id))) this.reportMessage(sock, message, toRead);
        } else if (!isJidNewsletter(message.key.remoteJid ?? "")) this.reportMessage(sock, message, toRead, true);
      }
      if (!this.ended && !this.finished) this.behaviour.read(sock, toRead);
    });

    sock.ev.on("call", (calls) => {
      if (this.ended || this.finished) return;
      for (const call of calls) {
        void this.behaviour.onCall(sock, call, (event) => this.reportEvent(event), (to, text) => this.send({ id: generateMessageIDV2(), jid: to, content: { type: "text", text } }));
      }
    });
    sock.ev.on("group-participants.update", (update) => this.reportEvent(participantsEvent(update)));
    sock.ev.on("presence.update", (update) => presenceEvents(update).forEach((event) => this.reportEvent(event)));

    sock.ev.on("messages.update", (updates) => {
      for (const { key, update } of updates) {
        const status = typeof update.status === "number" ? STATUS_NAMES[update.status] : undefined;
        if (!status || !key.id) continue;
        const event: EngineMessageEvent = {
          type: "message.status",
          data: {
            messageId: key.id,
            remoteJid: chatJid(key),
            status,
            ...(status === "failed" ? { reason: "WhatsApp reported an error for this message" } : {}),
            timestamp: new Date().toISOString(),
          },
        };
        this.reportEvent(event);
      }
    });

    sock.ev.on("message-receipt.update", (receipts) => {
      for (const { key, receipt } of receipts) {
        if (!key.id) continue;
        const [status, at]: ["played" | "read" | "delivered", Timestamp] | [undefined, undefined] = receipt.playedTimestamp
          ? ["played", receipt.playedTimestamp]
          : receipt.readTimestamp
            ? ["read", receipt.readTimestamp]
            : receipt.receiptTimestamp
              ? ["delivered", receipt.receiptTimestamp]
              : [undefined, undefined];
        if (!status) continue;
        this.reportEvent({ type: "message.status", data: { messageId: key.id, remoteJid: chatJid(key), status, timestamp: toIso(at) } });
      }
    });
  }

  /** The account's display name as WhatsApp (or setName) says it is now: reported once per change. */
  private noteName(name: string): void {
    if (name === this.reportedName) return;
    this.reportedName = name;
    this.report(() => this.options.events.pushName(name), true);
  }

  /** An account event, unless it is about a chat the settings ignore (Baileys may still pass some through). */
  private reportEvent(event: EngineMessageEvent | null): void {
    if (event && !isIgnoredEvent(this.behaviour.settings(), event)) this.report(() => this.options.events.message(event));
  }

  /**
   * A message as message.received or .sent, a reaction as message.reaction, a REVOKE as message.deleted; nothing
   * from an ignored chat. What is to be marked read at once (received messages, status updates) goes into `toRead`.
   */
  private reportMessage(sock: BaileysSocketLike, message: WAMessage, toRead: WAMessageKey[], offline = false): void {
    const { key } = message;
    const jid = chatJid(key);
    if (!key.id || !jid || isIgnoredChat(this.behaviour.settings(), jid)) return;
    if (isJidStatusBroadcast(jid)) {
      // Status updates are never webhooks; the readStatus setting marks them seen.
      if (!key.fromMe && this.behaviour.readsAtOnce(jid)) toRead.push(key);
      return;
    }
    const other = reactionOrDeletion(message, jidNormalizedUser(sock.authState.creds.me?.id ?? ""));
    if (other) return this.reportEvent(other);
    if (!isRealMessage(message)) return;
    if (key.fromMe) {
      const text = textOf(message.message);
      return this.reportEvent({ type: "message.sent", data: { messageId: key.id, to: jid, ...(text ? { text } : {}), timestamp: toIso(message.messageTimestamp) } });
    }
    if (this.behaviour.readsAtOnce(jid)) toRead.push(key);
    const { data, file } = receivedMessage(message);
    const keeper = this.options.media;
    this.report(async () => {
      let media: InboundMedia | undefined;
      if (file) {
        // Kept before the webhook goes out, so a receiver that downloads at once finds the file.
        const { keep, ...shown } = file;
        const kept = keep && keeper ? await keeper.keep({ messageId: data.messageId, ...keep }).catch((error: unknown) => this.log.error({ err: error, messageId: data.messageId }, "keeping a received file failed")) : undefined;
        media = { ...(kept ?? {}), ...shown };
      }
      this.options.events.message({ type: "message.received", data: { ...data, ...(media ? { media } : {}), ...(offline ? { offline: true as const } : {}) } });
    });
  }

  private onConnectionUpdate(sock: BaileysSocketLike, update: Partial<ConnectionState>): void {
    if (update.connection === "connecting") this.report(() => this.options.events.connecting());
    if (update.qr) {
      const qr = update.qr;
      this.awaitingPairing = true;
      this.report(() => this.options.events.qr(qr));
    }
    if (update.connection === "open") {
      this.isOpen = true;
      this.receivedAt ??= Date.now();
      this.awaitingPairing = false;
      this.reportedName = sock.authState.creds.me?.name || undefined;
      // Identity comes from the live creds, not sock.user; open is reported only after the creds write that precedes it.
      this.report(() => {
        const me = sock.authState.creds.me;
        this.options.events.open({ number: jidDecode(me?.id)?.user ?? "", pushName: me?.name || undefined, platform: sock.authState.creds.platform });
      }, true);
    }
    if (update.connection === "close") {
      this.isOpen = false;
      this.awaitingPairing = false;
      const error = update.lastDisconnect?.error;
      const code = errorCode(error);
      const reason = errorMessage(error, "Connection closed");
      if (code === 401) this.forgetCreds();
      const info: CloseInfo = { code, reason, ...(code === 408 ? { qrExpired: reason === "QR refs attempts ended" } : {}) };
      this.report(() => this.options.events.close(info), true);
      this.finished = true;
    }
  }

  /** Queues a report in arrival order; `afterWrites` holds it until every pending auth write has settled. */
  private report(emit: () => void | Promise<void>, afterWrites = false): void {
    if (this.ended || this.finished) return;
    this.reportChain = this.reportChain.then(async () => {
      if (afterWrites) await Promise.all([...this.writes]);
      if (this.ended) return;
      try {
        await emit();
      } catch (error) {
        this.log.error({ err: error }, "connection event handler threw");
      }
    });
  }

  private track(write: Promise<void>): Promise<void> {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.writes.add(settled);
    void settled.then(() => this.writes.delete(settled));
    return write;
  }

  private forgetCreds(): void {
    this.readOnly = true;
    this.memory(true);
  }

  end(): Promise<void> {
    this.ended = true;
    this.endPromise ??= this.close();
    return this.endPromise;
  }

  private async close(): Promise<void> {
    await this.started;
    const sock = this.sock;
    if (sock) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.log.warn("Baileys did not close its socket in time; giving up waiting");
          resolve();
        }, this.engine.endTimeoutMs ?? 5000);
      });
      try {
        await Promise.race([
          (async () => {
            await sock.end(undefined).catch((error: unknown) => this.log.debug({ err: error }, "ending the Baileys socket failed"));
            await this.socketClosed;
          })(),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    }
    await Promise.all([...this.writes]);
    this.readOnly = true;
    this.proxy?.release();
  }

  async logout(): Promise<void> {
    this.ended = true;
    await this.started;
    if (this.sock && !this.endPromise) {
      try {
        await this.sock.logout();
      } catch (error) {
        this.log.debug({ err: error }, "logout on an already closed socket");
      }
    }
    // Writes issued up to here (e.g. by the logout itself) still land; the runtime wipes afterwards.
    this.forgetCreds();
    await this.end();
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    const digits = phoneNumber.replace(/\D/g, "");
    if (!digits) throw new Error("A phone number with digits is required for a pairing code");
    if (!this.sock || this.ended || this.finished || !this.awaitingPairing) {
      throw new Error("The connection is not waiting for pairing yet; request a pairing code after the first QR code arrived");
    }
    return this.sock.requestPairingCode(digits);
  }

  private openSocket(): BaileysSocketLike {
    // A conflict, as the runtime's own "not CONNECTED" is: in the moment between the socket closing and the status
    // following, a send is handed back to the queue and a request gets 409, not a failure or a 500.
    if (!this.sock || this.ended || this.finished || !this.isOpen) throw new DomainError("conflict", "The WhatsApp connection is not open; try again once the instance is CONNECTED");
    return this.sock;
  }

  async send(message: OutboundMessage): Promise<void> {
    const jid = toJid(message.jid);
    const sock = this.openSocket();
    const options: MiscMessageGenerationOptions = { messageId: message.id };
    if (message.quoted) {
      // Baileys quotes from the message itself: the one we remember, or an empty text when it is not in memory.
      const known = this.mem?.keys.get<WAMessageKey>(message.quoted.id);
      const key: WAMessageKey = known ?? { remoteJid: jid, id: message.quoted.id, fromMe: message.quoted.fromMe };
      options.quoted = { key, message: this.mem?.messages.get<proto.IMessage>(message.quoted.id) ?? { conversation: "" } };
    }
    const content = baileysContent(message);
    this.sentHere.set(message.id, true);
    // A reaction names the message by its key: the remembered one carries a group sender's participant.
    if ("react" in content && content.react.key?.id) content.react.key = this.mem?.keys.get<WAMessageKey>(content.react.key.id) ?? content.react.key;
    const result = await this.behaviour.aroundSend(sock, () => sock.sendMessage(jid, content, options));
    const messageId = result?.key.id;
    if (!result || !messageId) throw new Error("Baileys did not return a message id");
    if (result.message) {
      this.mem?.messages.set(messageId, result.message);
      this.mem?.keys.set(messageId, result.key);
    }
    const asked = message.content;
    const text = "text" in asked ? asked.text : "caption" in asked ? asked.caption : undefined;
    const event: EngineMessageEvent = { type: "message.sent", data: { messageId, to: jid, ...(text ? { text } : {}), timestamp: toIso(result.messageTimestamp) } };
    this.report(() => this.options.events.message(event));
  }

  async edit(jid: string, messageId: string, text: string): Promise<void> {
    const sock = this.openSocket();
    await whatsapp("edit the message", () => sock.sendMessage(toJid(jid), { text, edit: ownKey(toJid(jid), messageId) }));
  }

  async revoke(jid: string, messageId: string): Promise<void> {
    const sock = this.openSocket();
    await whatsapp("delete the message for everyone", () => sock.sendMessage(toJid(jid), { delete: ownKey(toJid(jid), messageId) }));
  }

  async checkNumbers(numbers: string[]): Promise<Array<{ number: string; exists: boolean; jid: string | null }>> {
    const sock = this.openSocket();
    const found = (await whatsapp("check the numbers", () => sock.onWhatsApp(...numbers))) ?? [];
    // Baileys answers only for accounts that exist, by JID: match them back to the numbers asked.
    return numbers.map((number) => {
      const hit = found.find((f) => f.exists && jidDecode(f.jid)?.user === number);
      return { number, exists: Boolean(hit), jid: hit?.jid ?? null };
    });
  }

  async groups(): Promise<EngineGroup[]> {
    const sock = this.openSocket();
    return Object.values(await whatsapp("list the groups", () => sock.groupFetchAllParticipating())).map(toGroup);
  }

  async group(jid: string): Promise<EngineGroup | null> {
    const sock = this.openSocket();
    // Not a member (or no such group): WhatsApp answers 403/404 (item-not-found).
    return whatsapp("read the group", () =>
      sock.groupMetadata(jid).then(toGroup, (error: unknown) => {
        if ([403, 404].includes(whatsappCode(error) ?? 0)) return null;
        throw error;
      }),
    );
  }

  async sendPresence(state: PresenceState, jid: string): Promise<void> {
    const sock = this.openSocket();
    await whatsapp("set the presence", () => sock.sendPresenceUpdate(state, toJid(jid)));
    this.behaviour.presenceSet(state);
  }

  async settingsChanged(): Promise<void> {
    if (this.sock && this.isOpen && !this.ended && !this.finished) await this.behaviour.settingsChanged(this.sock);
  }

  async profile(jid: string): Promise<{ pictureUrl: string | null; about: string | null; aboutSetAt?: string; isBusiness: boolean | null } | null> {
    const sock = this.openSocket();
    const user = jidDecode(jid)?.user;
    if (!isLidUser(jid) && user) {
      const [found] = (await whatsapp("check the number", () => sock.onWhatsApp(user))) ?? [];
      if (!found?.exists) return null;
    }
    // WhatsApp answers 401/404 (item-not-found) for no picture or a private one: that is "none", not an error.
    const pictureUrl = await whatsapp("read the contact's picture", () =>
      sock.profilePictureUrl(jid, "image").catch((error: unknown) => {
        if ([401, 403, 404].includes(whatsappCode(error) ?? 0)) return undefined;
        throw error;
      }),
    );
    const [entry] = (await whatsapp("read the contact's about text", () => sock.fetchStatus(jid))) ?? [];
    const status = entry?.status as { status?: string | null; setAt?: Date } | undefined;
    const business = await sock.getBusinessProfile(jid).then(
      (profile) => Boolean(profile),
      () => null,
    );
    const about = status?.status || null;
    const setAt = status?.setAt && status.setAt.getTime() > 0 ? status.setAt.toISOString() : undefined;
    return { pictureUrl: pictureUrl ?? null, about, ...(about && setAt ? { aboutSetAt: setAt } : {}), isBusiness: business };
  }

  // ---- the account's own profile and privacy (own-profile.ts, docs/profile.md) ----

  async ownProfile(): Promise<OwnProfile> {
    return readOwnProfile(this.openSocket());
  }

  /**
   * Baileys sets the name through an app-state patch and learns it back from its own mutation (emitOwnEvents);
   * the creds and the instance's push name follow here at once rather than whenever that arrives.
   */
  async setName(name: string): Promise<void> {
    const sock = this.openSocket();
    await setOwnName(sock, name);
    const creds = sock.authState.creds;
    if (creds.me && creds.me.name !== name && !this.readOnly) {
      creds.me = { ...creds.me, name };
      this.track(this.options.auth.saveCreds(creds)).catch((error: unknown) => this.log.error({ err: error }, "saving Baileys creds failed"));
    }
    this.noteName(name);
    await this.reportChain;
  }

  async setAbout(about: string): Promise<void> {
    await setOwnAbout(this.openSocket(), about);
  }

  async setPicture(jpeg: Buffer): Promise<void> {
    await setOwnPicture(this.openSocket(), jpeg);
  }

  async removePicture(): Promise<void> {
    await removeOwnPicture(this.openSocket());
  }

  async ownPicture(): Promise<Buffer | null> {
    return downloadOwnPicture(this.openSocket());
  }

  async privacy(): Promise<PrivacySettings> {
    return readPrivacy(this.openSocket());
  }

  async setPrivacy(changes: PrivacyChanges): Promise<void> {
    await writePrivacy(this.openSocket(), changes);
  }

  // ---- end of the own profile block ----

  lastReceivedAt(): number | undefined {
    return this.isOpen && !this.ended && !this.finished ? this.receivedAt : undefined;
  }

  /** The same ping IQ Baileys' keep-alive sends, awaited with our own timeout (Baileys' keep-alive only logs a failure). */
  async probe(timeoutMs: number): Promise<void> {
    const sock = this.openSocket();
    await sock.query({ tag: "iq", attrs: { id: sock.generateMessageTag(), to: S_WHATSAPP_NET, type: "get", xmlns: "w:p" }, content: [{ tag: "ping", attrs: {} }] }, timeoutMs);
  }

  async markRead(messageIds: string[]): Promise<{ read: string[]; unknown: string[] }> {
    const sock = this.openSocket();
    const keys = messageIds.map((id) => this.mem?.keys.get<WAMessageKey>(id));
    const known = keys.filter((key): key is WAMessageKey => key !== undefined && !key.fromMe);
    if (known.length > 0) await whatsapp("mark the messages read", () => sock.readMessages(known));
    const read = new Set(known.map((key) => key.id));
    return { read: messageIds.filter((id) => read.has(id)), unknown: messageIds.filter((id) => !read.has(id)) };
  }
}

/** A Baileys group as ours: admin flags from `admin` ('admin' | 'superadmin'), creation in ISO time. */
function toGroup(meta: GroupMetadata): EngineGroup {
  return {
    id: meta.id,
    subject: meta.subject,
    owner: meta.owner ?? null,
    announce: meta.announce === true,
    restrict: meta.restrict === true,
    ...(meta.creation ? { createdAt: new Date(meta.creation * 1000).toISOString() } : {}),
    participants: meta.participants.map((p) => ({
      jid: p.phoneNumber ?? p.id,
      isAdmin: p.admin === "admin" || p.admin === "superadmin" || p.isAdmin === true || p.isSuperAdmin === true,
      isSuperAdmin: p.admin === "superadmin" || p.isSuperAdmin === true,
    })),
  };
}

export function createBaileysEngine(options: BaileysEngineOptions = {}): Engine {
  const factory: BaileysSocketFactory = options.socketFactory ?? ((config) => makeWASocket(config));
  const memories = new Map<string, InstanceMemory>();

  const memoryFor = (instanceId: string) => (reset: boolean) => {
    let memory = memories.get(instanceId);
    if (!memory || reset) {
      memory = newMemory();
      memories.set(instanceId, memory);
    }
    return memory;
  };

  return {
    name: "baileys",
    authCodec: baileysAuthCodec,
    // Baileys' defaults (socket.js: 60 s, then 20 s); WhatsApp's pair-device stanza usually carries 6 refs.
    qrTiming: { firstMs: 60_000, nextMs: 20_000, maxAttempts: 6 },
    newMessageId: () => generateMessageIDV2(),
    openMedia: (media, openOptions) => downloadMedia(media.source, openOptions?.proxy),
    connect(connectOptions) {
      return new BaileysConnection(connectOptions, options, memoryFor(connectOptions.instanceId), factory);
    },
  };
}
