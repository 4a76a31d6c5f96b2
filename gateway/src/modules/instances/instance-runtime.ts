import type { Logger } from "pino";
import { BEHAVIOUR_DEFAULTS, type BehaviourSettings, type RestartSetting } from "../../../../contract/instance-settings";
import type { InstanceQr, InstanceStatus } from "../../../../contract/instances";
import { UNRESPONSIVE_REASON_PREFIX, type WatchdogPolicy } from "../../../../contract/watchdog";
import type { CloseInfo, ConnectedIdentity, Engine, EngineConnection, EngineProxy, MediaKeeper, OutboundMessage } from "../../engines/engine";
import type { GatewayEvents } from "../../events/gateway-events";
import { DomainError } from "../../domain-error";
import type { AuthStateStore } from "./auth-state-store";
import type { InstanceRepository, StatusChange } from "./instance-repository";
import { RETRY_LIMITS, backoffDelayMs, decideOnClose, type RetryState } from "./status-policy";

export interface RuntimeDeps {
  instanceId: string;
  engine: Engine;
  repo: InstanceRepository;
  auth: AuthStateStore;
  events: GatewayEvents;
  log: Logger;
  browser: [string, string, string];
  /** The instance's behaviour settings when the runtime is made; applySettings changes them. */
  settings?: BehaviourSettings;
  status: InstanceStatus;
  /** Keeps the instance's received media files for download. */
  media?: MediaKeeper;
  /** The proxy its connections go through (docs/proxies.md); absent: direct. */
  proxy?: ResolvedProxy;
  random?: () => number;
}

/**
 * An instance's proxy as its runtime uses it: the proxy (null: direct), or why the one it is assigned cannot be used
 * (its credentials do not decrypt here): then it does not connect at all, rather than connect without it.
 */
export type ResolvedProxy = { proxy: EngineProxy | null; problem?: string };

const MAX_IMMEDIATE_RESTARTS = 3;

/** What the watchdog applies to one instance: its policy, how much silence to allow, how long a probe may wait. */
export interface WatchdogCheck {
  policy: WatchdogPolicy;
  silenceMs: number;
  probeTimeoutMs: number;
}

/** "45 s", "3 min", "2 h": how long a session heard nothing, in a status reason. */
function describeSilence(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

type Metadata = { number?: string | null; push_name?: string | null; platform?: string | null; connected_at?: string | null };
const CLEARED: Metadata = { number: null, push_name: null, platform: null, connected_at: null };

/**
 * Supervises one instance: owns its single current connection, applies the status machine to every close,
 * schedules reconnects, and records + emits each change. All work runs through one queue, in order.
 */
export class InstanceRuntime {
  private connection: EngineConnection | null = null;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private retry: RetryState = { retries: 0, consecutive500: 0 };
  private qr: Omit<InstanceQr, "qr"> & { qr: string } | null = null;
  private qrAttempt = 0;
  private status: InstanceStatus;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private restartsWithoutOpen = 0;
  /** The connection (generation) the alert-only policy marked unresponsive, so it is marked once until traffic resumes. */
  private unresponsiveGeneration: number | undefined;
  private probing = false;
  /** What each new connection announces (`browser[0]` is the device name) and the settings it reads as they change. */
  private browser: [string, string, string];
  private settings: BehaviourSettings;
  private proxy: ResolvedProxy;
  /** Restart settings taken with `deferRestart` that the open connection does not have yet; the next one has them. */
  private settingsAwaitingRestart: RestartSetting[] = [];

  constructor(private readonly deps: RuntimeDeps) {
    this.status = deps.status;
    this.browser = deps.browser;
    this.settings = deps.settings ?? BEHAVIOUR_DEFAULTS;
    this.proxy = deps.proxy ?? { proxy: null };
  }

  get currentStatus(): InstanceStatus {
    return this.status;
  }

  /** True while a connection is open or a reconnect is scheduled. */
  get running(): boolean {
    return this.connection !== null || this.retryTimer !== undefined;
  }

  // ---- operator actions ------------------------------------------------------------------------

  connect(reason = "Connecting"): Promise<void> {
    return this.enqueue(async () => {
      if (this.running) throw new DomainError("conflict", `The instance is already running (${this.status}); use restart to start over.`);
      this.resetRetry();
      await this.setStatus({ status: "INIT", reason }, { desired_state: "running" });
      this.open();
    });
  }

  restart(): Promise<void> {
    return this.enqueue(() => this.reopen({ status: "INIT", reason: "Restarted by an operator" }, { desired_state: "running" }));
  }

  /**
   * New settings (PATCH …/settings, docs/instance-settings.md). The connection reads the behaviour settings as they
   * are whenever one matters, so those apply at once; `restartFor` (settings only a new socket takes: the device name,
   * history sync) restarts a running session with the same credentials, no QR. Resolves whether it restarted; a
   * session that is not running takes the new settings when it next starts. `deferRestart`: the settings are taken
   * but the session is not restarted; the caller restarts it (restartForSettings, or a new proxy: every new
   * connection is made with the settings taken last), so that one restart covers several changes.
   */
  async applySettings(
    next: { settings: BehaviourSettings; browser: [string, string, string] },
    restartFor: readonly RestartSetting[],
    options: { deferRestart?: boolean } = {},
  ): Promise<boolean> {
    this.settings = next.settings;
    this.browser = next.browser;
    if (restartFor.length === 0) {
      await this.connection?.settingsChanged().catch((error: unknown) => this.deps.log.warn({ err: error }, "applying the new settings to the connection failed"));
      return false;
    }
    if (!options.deferRestart) return this.restartForSettings(restartFor);
    if (this.running) this.settingsAwaitingRestart = [...new Set([...this.settingsAwaitingRestart, ...restartFor])];
    return false;
  }

  /** Restarts a running session for settings only a new socket takes (same credentials, no QR); resolves whether it did. */
  restartForSettings(restartFor: readonly RestartSetting[]): Promise<boolean> {
    return this.enqueue(async () => {
      if (!this.running || this.disposed) return false;
      await this.reopen({ status: "RECONNECTING", reason: `Settings changed (${restartFor.join(", ")}); restarting the session` });
      return true;
    });
  }

  logout(): Promise<void> {
    return this.enqueue(async () => {
      if (this.status !== "CONNECTED" || !this.connection) {
        throw new DomainError("conflict", `Only a connected instance can log out; this one is ${this.status}. Use reset to forget the device instead.`);
      }
      const connection = this.detach();
      await connection.logout().catch((error: unknown) => this.deps.log.warn({ err: error }, "logout on the phone failed; wiping auth state anyway"));
      await this.deps.auth.wipe();
      this.resetRetry();
      await this.setStatus({ status: "QR_REQUIRED", reason: "Logged out by an operator" }, { ...CLEARED, desired_state: "running" });
      this.open();
    });
  }

  reset(): Promise<void> {
    return this.enqueue(async () => {
      await this.endConnection();
      await this.deps.auth.wipe();
      this.resetRetry();
      await this.setStatus({ status: "INIT", reason: "Auth state reset by an operator" }, { ...CLEARED, desired_state: "running" });
      this.open();
    });
  }

  requestPairingCode(phoneNumber: string): Promise<string> {
    return this.enqueue(async () => {
      if (this.status !== "QR_REQUIRED" || !this.connection) {
        throw new DomainError("conflict", `A pairing code can only be requested while the instance waits for a QR scan; it is ${this.status}.`);
      }
      return this.connection.requestPairingCode(phoneNumber);
    });
  }

  currentQr(): InstanceQr {
    if (this.status !== "QR_REQUIRED" || !this.qr) throw new DomainError("conflict", `No QR to show: the instance is ${this.status}.`);
    return { qr: this.qr.qr, expiresAt: this.qr.expiresAt, attempt: this.qr.attempt, maxAttempts: this.qr.maxAttempts };
  }

  /** Sends through the current connection; 409 (conflict) unless CONNECTED. Not queued behind lifecycle work: sends may overlap it. */
  async send(message: OutboundMessage): Promise<void> {
    await this.connected().send(message);
  }

  async edit(jid: string, messageId: string, text: string): Promise<void> {
    await this.connected().edit(jid, messageId, text);
  }

  async revoke(jid: string, messageId: string): Promise<void> {
    await this.connected().revoke(jid, messageId);
  }

  /** The open connection, for account-level calls (contacts, groups, presence, read receipts); 409 unless CONNECTED. */
  connected(): EngineConnection {
    if (this.status !== "CONNECTED" || !this.connection) throw new DomainError("conflict", `Not possible now: the instance is ${this.status}, not CONNECTED.`);
    return this.connection;
  }

  /** Resolves once the events reported so far are handled: after setName, the instance record has the new push name. */
  settled(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  /** Gateway start: reopen an instance that has auth state and was meant to run. */
  restore(): Promise<void> {
    return this.enqueue(async () => {
      if (this.running) return;
      this.resetRetry();
      await this.setStatus({ status: "INIT", reason: "Restoring the session after a gateway restart" }, { connected_at: null });
      this.open();
    });
  }

  /** Gateway stop: end the socket without logging out and without recording a status change. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    this.clearTimers();
    const connection = this.connection;
    this.connection = null;
    this.generation += 1;
    await connection?.end().catch(() => undefined);
    // Let an event already being handled finish before the database closes.
    await this.queue.catch(() => undefined);
    this.clearTimers();
  }

  /** Instance deleted: unlink the phone if linked, then stop for good. */
  destroy(): Promise<void> {
    return this.enqueue(async () => {
      const linked = this.status === "CONNECTED";
      const connection = this.detach();
      this.disposed = true;
      if (connection) await (linked ? connection.logout() : connection.end()).catch(() => undefined);
      await this.deps.auth.wipe();
    });
  }

  /** The session this mark was about is still the one running and still CONNECTED: it is no longer marked. */
  private clearUnresponsive(generation: number, reason: string): Promise<void> {
    return this.enqueue(async () => {
      if (generation !== this.generation || this.unresponsiveGeneration !== generation || this.status !== "CONNECTED") return;
      this.unresponsiveGeneration = undefined;
      await this.setStatus({ status: "CONNECTED", reason });
    });
  }

  /**
   * The watchdog's look at a CONNECTED session (docs/operations.md, "Watchdog"). Silent for longer than `silenceMs`
   * (nothing from WhatsApp, keep-alive answers included): it is probed; no answer within `probeTimeoutMs` makes it
   * "Unresponsive (no traffic for N min)", and then the policy decides: `restart` ends the socket and opens a new one
   * with the same credentials (no QR; WhatsApp then delivers what it held meanwhile), `alert` only marks it (status
   * stays CONNECTED, the reason says it, alerts fire) until traffic resumes.
   */
  async watch(check: WatchdogCheck, now = Date.now()): Promise<"skipped" | "alive" | "unresponsive"> {
    const connection = this.connection;
    if (this.status !== "CONNECTED" || !connection || this.probing || this.disposed) return "skipped";
    const generation = this.generation;
    // Switched off while it marked the session: nothing judges it any more, so the mark (and its alert) goes.
    if (check.policy === "off") {
      if (this.unresponsiveGeneration === generation) await this.clearUnresponsive(generation, "Connected: the watchdog is off");
      return "skipped";
    }
    const last = connection.lastReceivedAt();
    if (last === undefined) return "skipped";
    const silentMs = now - last;
    if (silentMs < check.silenceMs) {
      if (this.unresponsiveGeneration === generation) await this.clearUnresponsive(generation, "Connected: traffic resumed");
      return "alive";
    }
    if (this.unresponsiveGeneration === generation) return "unresponsive";
    this.probing = true;
    try {
      await connection.probe(check.probeTimeoutMs);
      return "alive";
    } catch (error) {
      this.deps.log.warn({ err: error, silentMs }, "the watchdog's probe got no answer");
    } finally {
      this.probing = false;
    }
    const reason = `${UNRESPONSIVE_REASON_PREFIX} (no traffic for ${describeSilence(Date.now() - last)})`;
    return this.enqueue<"skipped" | "unresponsive">(async () => {
      // The session may have closed, been restarted or replaced while the probe waited.
      if (generation !== this.generation || this.status !== "CONNECTED" || this.disposed) return "skipped";
      if (check.policy === "alert") {
        this.unresponsiveGeneration = generation;
        await this.setStatus({ status: "CONNECTED", reason }, { lastError: true });
        return "unresponsive";
      }
      await this.reopen({ status: "RECONNECTING", reason: `${reason}; restarting the session` }, { lastError: true });
      return "unresponsive";
    });
  }

  // ---- proxy (docs/proxies.md) -------------------------------------------------------------------

  /** The proxy the session goes through (null: direct); the instance's media fetches take the same way. */
  get proxyInUse(): EngineProxy | null {
    return this.proxy.proxy;
  }

  /**
   * The proxy the instance's connections go through from now on. When it is not the one in use and a session is
   * running (or a reconnect is due), the session restarts through it with the same credentials: no QR. Resolves
   * with whether it restarts.
   */
  useProxy(next: ResolvedProxy): Promise<boolean> {
    return this.enqueue(async () => {
      const changed = !sameProxy(next, this.proxy);
      this.proxy = next;
      if (!changed || !this.running || this.disposed) return false;
      await this.endConnection();
      this.resetRetry();
      // Settings taken without a restart ride along: the status history says so (one restart for both).
      const settings = this.settingsAwaitingRestart.length > 0 ? `, with the new settings (${this.settingsAwaitingRestart.join(", ")})` : "";
      await this.setStatus({ status: "INIT", reason: `Restarting through the instance's new proxy${settings}` }, { desired_state: "running", connected_at: null });
      this.open();
      return true;
    });
  }

  /** The proxy cannot be used here: no connection at all (never a direct one instead), and the reason shown. */
  private async refuseToConnect(problem: string): Promise<void> {
    if (this.disposed || this.connection) return;
    this.clearTimers();
    await this.setStatus({ status: "ERROR", reason: `Not connecting: ${problem}` }, { connected_at: null, desired_state: "stopped", lastError: true });
  }

  // ---- connection events -------------------------------------------------------------------------

  private open(): void {
    if (this.disposed) return;
    const { proxy, problem } = this.proxy;
    if (problem) {
      void this.enqueue(() => this.refuseToConnect(problem)).catch((error: unknown) => this.deps.log.error({ err: error }, "recording the proxy problem failed"));
      return;
    }
    if (proxy) this.deps.log.info({ proxy: proxy.display }, `connecting through proxy ${proxy.display}`);
    // Every new connection is made with the settings taken last.
    this.settingsAwaitingRestart = [];
    const generation = ++this.generation;
    this.qr = null;
    this.qrAttempt = 0;
    const guard = (fn: () => Promise<void> | void) => () =>
      this.enqueue(async () => {
        // Only the current connection counts: anything from a replaced one is ignored.
        if (generation !== this.generation || this.disposed) return;
        await fn();
      }).catch((error: unknown) => this.deps.log.error({ err: error }, "instance event handling failed"));
    this.connection = this.deps.engine.connect({
      instanceId: this.deps.instanceId,
      browser: this.browser,
      settings: () => this.settings,
      auth: this.deps.auth,
      log: this.deps.log,
      ...(this.deps.media ? { media: this.deps.media } : {}),
      ...(proxy ? { proxy } : {}),
      events: {
        connecting: () => undefined,
        qr: (qr) => void guard(() => this.onQr(qr))(),
        open: (identity) => void guard(() => this.onOpen(identity))(),
        close: (info) => void guard(() => this.onClose(info))(),
        pushName: (name) => void guard(() => this.onPushName(name))(),
        message: (event) => {
          if (generation === this.generation && !this.disposed) this.deps.events.emitMessage(this.deps.instanceId, event);
        },
      },
    });
  }

  private async onQr(qr: string): Promise<void> {
    const timing = this.deps.engine.qrTiming;
    this.qrAttempt += 1;
    const ttl = this.qrAttempt === 1 ? timing.firstMs : timing.nextMs;
    const expiresAt = new Date(Date.now() + ttl).toISOString();
    this.qr = { qr, expiresAt, attempt: this.qrAttempt, maxAttempts: Math.max(timing.maxAttempts, this.qrAttempt) };
    if (this.status !== "QR_REQUIRED") await this.setStatus({ status: "QR_REQUIRED", reason: "Waiting for the QR to be scanned" }, { connected_at: null });
    const seq = await this.deps.repo.nextSeq(this.deps.instanceId);
    this.deps.events.emit("instance.qr", { instanceId: this.deps.instanceId, ...this.qr, seq, at: new Date().toISOString() });
  }

  private async onOpen(identity: ConnectedIdentity): Promise<void> {
    this.qr = null;
    this.restartsWithoutOpen = 0;
    await this.setStatus(
      { status: "CONNECTED", reason: "Connected" },
      { number: identity.number, push_name: identity.pushName ?? null, platform: identity.platform ?? null, connected_at: new Date().toISOString() },
      true,
    );
    if (this.disposed) return;
    clearTimeout(this.stableTimer);
    // Stable for a minute: later drops start the backoff from the beginning again.
    this.stableTimer = setTimeout(() => this.resetRetry(), RETRY_LIMITS.stableMs);
    this.stableTimer.unref();
  }

  /** WhatsApp told the account's display name late (Baileys learns it from the account's own messages). */
  private async onPushName(name: string): Promise<void> {
    const instance = await this.deps.repo.update(this.deps.instanceId, { push_name: name }, true);
    this.deps.events.emit("instance.updated", { instance, seq: instance.seq, at: instance.updatedAt });
  }

  private async onClose(info: CloseInfo): Promise<void> {
    this.connection = null;
    this.qr = null;
    clearTimeout(this.stableTimer);
    const decision = decideOnClose(info, this.retry);
    const change: StatusChange = { status: decision.status, code: info.code, reason: decision.reason };
    this.deps.log.info({ code: info.code, action: decision.action, retries: this.retry.retries }, `connection closed: ${decision.reason}`);
    // 515 reconnects at once, but a server that keeps answering 515 must not cause a tight loop.
    const restartLoop = decision.action === "reconnect-now" && ++this.restartsWithoutOpen > MAX_IMMEDIATE_RESTARTS;
    switch (restartLoop ? "reconnect-backoff" : decision.action) {
      case "reconnect-now":
        await this.setStatus(change, { connected_at: null });
        this.open();
        return;
      case "reconnect-backoff": {
        const delay = backoffDelayMs(this.retry.retries, this.deps.random);
        const counts500 = decision.action === "reconnect-backoff" && decision.counts500;
        this.retry = { retries: this.retry.retries + 1, consecutive500: counts500 ? this.retry.consecutive500 + 1 : 0 };
        await this.setStatus({ ...change, reason: `${decision.reason}; reconnecting (attempt ${this.retry.retries} of ${RETRY_LIMITS.maxRetries})` }, { connected_at: null, lastError: true });
        if (this.disposed) return;
        this.retryTimer = setTimeout(() => {
          void this.enqueue(async () => {
            this.retryTimer = undefined;
            if (!this.disposed && !this.connection) this.open();
          });
        }, delay);
        this.retryTimer.unref();
        return;
      }
      case "stop":
      case "fail":
        this.resetRetry();
        await this.setStatus(change, { connected_at: null, desired_state: "stopped", lastError: true });
        return;
      case "relink":
        await this.deps.auth.wipe();
        this.resetRetry();
        await this.setStatus(change, { ...CLEARED, lastError: true }, true);
        this.open();
        return;
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private async setStatus(change: StatusChange, extra: Metadata & { desired_state?: "running" | "stopped"; lastError?: boolean } = {}, metadataChanged = false): Promise<void> {
    const instance = await this.deps.repo.changeStatus(this.deps.instanceId, change, extra);
    this.status = change.status;
    const at = instance.updatedAt;
    this.deps.events.emit("instance.status", {
      instanceId: instance.id,
      status: instance.status,
      ...(instance.statusCode !== undefined ? { statusCode: instance.statusCode } : {}),
      ...(instance.statusReason ? { statusReason: instance.statusReason } : {}),
      ...(instance.node !== undefined ? { node: instance.node } : {}),
      seq: instance.seq,
      at,
    });
    const touchesMetadata = metadataChanged || "number" in extra || "connected_at" in extra || extra.lastError;
    if (touchesMetadata) this.deps.events.emit("instance.updated", { instance, seq: instance.seq, at });
  }

  private detach(): EngineConnection {
    const connection = this.connection;
    this.connection = null;
    this.generation += 1;
    this.clearTimers();
    this.qr = null;
    return connection as EngineConnection;
  }

  /** Ends the connection without logging out and opens a new one with the same credentials (no QR): every restart. */
  private async reopen(change: StatusChange, extra: { desired_state?: "running"; lastError?: boolean } = {}): Promise<void> {
    await this.endConnection();
    this.resetRetry();
    await this.setStatus(change, { connected_at: null, ...extra });
    this.open();
  }

  private async endConnection(): Promise<void> {
    const connection = this.detach();
    await connection?.end().catch((error: unknown) => this.deps.log.warn({ err: error }, "ending the connection failed"));
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    this.retryTimer = undefined;
    this.stableTimer = undefined;
  }

  private resetRetry(): void {
    this.retry = { retries: 0, consecutive500: 0 };
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Two resolved proxies are the same when they would connect the same way (URL and credentials, or the same problem). */
function sameProxy(a: ResolvedProxy, b: ResolvedProxy): boolean {
  if (a.problem !== b.problem) return false;
  if (!a.proxy || !b.proxy) return a.proxy === b.proxy;
  const [x, y] = [a.proxy.url, b.proxy.url];
  return x.protocol === y.protocol && x.host === y.host && x.port === y.port && x.username === y.username && x.password === y.password;
}
