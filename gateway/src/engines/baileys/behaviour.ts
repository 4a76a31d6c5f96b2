import type { BaileysEventMap, UserFacingSocketConfig, WAMessageKey, WAPresence } from "baileys";
import type { Logger } from "pino";
import type { BehaviourSettings } from "../../../../contract/instance-settings";
import type { EngineMessageEvent } from "../engine";
import { isIgnoredChat } from "../ignored-chats";
import { callEvent } from "./inbound-events";

/** The socket calls the settings need. */
interface SocketCalls {
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  rejectCall(callId: string, callFrom: string): Promise<void>;
}

type BaileysCall = BaileysEventMap["call"][number];

/**
 * What an instance's behaviour settings (docs/instance-settings.md) make one Baileys connection do: the socket's
 * options, the account's own presence, read receipts, and rejecting calls. Settings are read through the getter each
 * time one matters, so a change applies to the open socket; only the socket options wait for the next socket.
 */
export class BaileysBehaviour {
  /** Sends under way; the account goes offline again when the last one ends (unless alwaysOnline). */
  private sending = 0;
  /** The presence the account last announced (Baileys announces markOnlineOnConnect on open). */
  private online: boolean;

  constructor(
    readonly settings: () => BehaviourSettings,
    private readonly log: Logger,
  ) {
    this.online = settings().alwaysOnline;
  }

  /** The socket's options that follow the settings. */
  socketConfig(): Pick<UserFacingSocketConfig, "markOnlineOnConnect" | "syncFullHistory" | "shouldSyncHistoryMessage" | "shouldIgnoreJid"> {
    const { alwaysOnline, syncFullHistory } = this.settings();
    this.online = alwaysOnline;
    return {
      markOnlineOnConnect: alwaysOnline,
      syncFullHistory,
      // Baileys' own default drops FULL history notifications even when it asked for them.
      ...(syncFullHistory ? { shouldSyncHistoryMessage: () => true } : {}),
      // Read on every stanza: Baileys acks and drops what it ignores before decrypting it.
      shouldIgnoreJid: (jid) => isIgnoredChat(this.settings(), jid),
    };
  }

  /** Whether a received message (reported as message.received) or status update is to be marked read at once. */
  readsAtOnce(chat: string): boolean {
    const settings = this.settings();
    return chat === "status@broadcast" ? settings.readStatus && !settings.ignoreStatus : settings.readMessages;
  }

  /** One batch of read receipts; a failure only logs (the message was reported all the same). */
  read(sock: SocketCalls, keys: WAMessageKey[]): void {
    if (keys.length === 0) return;
    void sock.readMessages(keys).catch((error: unknown) => this.log.warn({ err: error, count: keys.length }, "sending read receipts failed"));
  }

  /** Runs a send with the account online around it, unless it is online anyway (alwaysOnline). */
  async aroundSend<T>(sock: SocketCalls, send: () => Promise<T>): Promise<T> {
    const wrap = !this.settings().alwaysOnline;
    if (wrap && this.sending++ === 0 && !this.online) await this.presence(sock, true);
    try {
      return await send();
    } finally {
      if (wrap && --this.sending === 0 && !this.settings().alwaysOnline) void this.presence(sock, false);
    }
  }

  /** alwaysOnline changed: announce the presence it asks for now (not while sends are under way: they end it). */
  async settingsChanged(sock: SocketCalls): Promise<void> {
    const wanted = this.settings().alwaysOnline;
    if (wanted !== this.online && (wanted || this.sending === 0)) await this.presence(sock, wanted);
  }

  /** The integrator set the account's presence itself (POST …/presence): remember it. */
  presenceSet(state: WAPresence): void {
    if (state === "available" || state === "unavailable") this.online = state === "available";
  }

  private async presence(sock: SocketCalls, online: boolean): Promise<void> {
    this.online = online;
    await sock.sendPresenceUpdate(online ? "available" : "unavailable").catch((error: unknown) => this.log.debug({ err: error }, "presence update failed"));
  }

  /**
   * A call update as `call.received`. With rejectCalls on, a new call (`offer`) is rejected first, so its webhook says
   * what happened (`rejected`), and then the caller gets rejectCallMessage through `reply` (an ordinary send).
   */
  async onCall(sock: SocketCalls, call: BaileysCall, report: (event: EngineMessageEvent | null) => void, reply: (to: string, text: string) => Promise<void>): Promise<void> {
    const event = callEvent(call);
    const { rejectCalls, rejectCallMessage } = this.settings();
    if (!event || event.type !== "call.received" || call.status !== "offer" || !rejectCalls) return report(event);
    let rejected = true;
    try {
      await sock.rejectCall(call.id, call.from);
    } catch (error) {
      rejected = false;
      this.log.warn({ err: error, callId: call.id }, "rejecting a call failed");
    }
    report({ ...event, data: { ...event.data, rejected } });
    if (!rejected || !rejectCallMessage) return;
    await reply(event.data.from, rejectCallMessage).catch((error: unknown) => this.log.warn({ err: error, callId: call.id }, "sending the reply to a rejected call failed"));
  }
}
