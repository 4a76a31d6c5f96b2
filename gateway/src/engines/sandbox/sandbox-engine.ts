import { randomBytes, randomInt } from "node:crypto";
import type { ConnectOptions, Engine, EngineConnection } from "../engine";
import { DomainError } from "../../domain-error";

export interface SandboxTiming {
  /** QR lifetimes, as Baileys: the first lives longer than the rest. */
  qrFirstMs: number;
  qrNextMs: number;
  maxQrAttempts: number;
  /** How long a simulated handshake takes. */
  handshakeMs: number;
}

const BAILEYS_QR_TIMING = { qrFirstMs: 60_000, qrNextMs: 20_000, maxQrAttempts: 6, handshakeMs: 150 } as const;

interface SandboxCreds {
  me: { id: string; name: string };
  platform: string;
}

type Stage = "connecting" | "waiting-for-scan" | "open" | "closed";

/** A simulated phone session. Behaves like a Baileys socket: QR rotation, 515 after pairing, closes by code. */
class SandboxConnection implements EngineConnection {
  stage: Stage = "connecting";
  private timer: NodeJS.Timeout | undefined;
  private qrAttempt = 0;
  private pairingNumber: string | undefined;
  private sent = 0;

  constructor(
    private readonly options: ConnectOptions,
    private readonly timing: SandboxTiming,
    private readonly onClosed: () => void,
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
    this.options.events.open({ number, pushName: creds.me.name, platform: creds.platform });
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
    await this.options.auth.saveCreds({ me: { id: `${digits}:1@s.whatsapp.net`, name: pushName ?? "Sandbox phone" }, platform: "sandbox" } satisfies SandboxCreds);
    // As with Baileys, a fresh pairing ends with "restart required"; the next connection opens with the creds.
    this.closeWith({ code: 515, reason: "Stream Errored (restart required)" });
  }

  disconnect(code: number, reason?: string) {
    if (this.stage === "closed") throw new DomainError("conflict", "The simulated session is already closed.");
    this.closeWith({ code, reason: reason ?? `Simulated disconnect ${code}` });
  }

  inbound(from: string, text: string): string {
    if (this.stage !== "open") throw new DomainError("conflict", `Inbound messages need a connected session; it is ${this.stage}.`);
    const messageId = `SANDBOX${randomBytes(8).toString("hex").toUpperCase()}`;
    this.options.events.message({ type: "message.received", messageId, from, text, timestamp: new Date().toISOString() });
    return messageId;
  }

  // ---- EngineConnection ----------------------------------------------------------------------------

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

  async sendText(to: string, text: string) {
    if (this.stage !== "open") throw new DomainError("conflict", "Cannot send: the simulated session is not open.");
    this.sent += 1;
    const messageId = `SANDBOX${randomBytes(8).toString("hex").toUpperCase()}`;
    const remoteJid = to.includes("@") ? to : `${to}@s.whatsapp.net`;
    const now = () => new Date().toISOString();
    this.options.events.message({ type: "message.sent", messageId, to: remoteJid, text, timestamp: now() });
    // The simulated recipient's phone acknowledges, receives and reads it.
    const steps = ["server_ack", "delivered", "read"] as const;
    steps.forEach((status, i) => {
      const t = setTimeout(() => {
        if (this.stage === "open") this.options.events.message({ type: "message.status", messageId, remoteJid, status, timestamp: now() });
      }, (i + 1) * this.timing.handshakeMs);
      t.unref();
    });
    return { messageId };
  }
}

/** The offline engine: simulated phones for demos and tests. Never reaches WhatsApp. */
export class SandboxEngine implements Engine {
  readonly name = "sandbox" as const;
  readonly qrTiming: Engine["qrTiming"];
  private readonly live = new Map<string, SandboxConnection>();

  constructor(private readonly timing: SandboxTiming = BAILEYS_QR_TIMING) {
    this.qrTiming = { firstMs: timing.qrFirstMs, nextMs: timing.qrNextMs, maxAttempts: timing.maxQrAttempts };
  }

  connect(options: ConnectOptions): EngineConnection {
    // The session's start and end, in the instance's log: the cluster tests check from them that no two nodes ever
    // run one instance at once.
    const connection: SandboxConnection = new SandboxConnection(options, this.timing, () => {
      if (this.live.get(options.instanceId) === connection) this.live.delete(options.instanceId);
      options.log.debug({ session: "end" }, "sandbox session ended");
    });
    this.live.set(options.instanceId, connection);
    options.log.debug({ session: "start" }, "sandbox session started");
    return connection;
  }

  /** The simulated phone of an instance; 409 when it has no live session. */
  phone(instanceId: string): SandboxConnection {
    const connection = this.live.get(instanceId);
    if (!connection) throw new DomainError("conflict", "The instance has no live simulated session; connect it first.");
    return connection;
  }
}
