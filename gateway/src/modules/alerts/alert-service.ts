import type { Logger } from "pino";
import type { Alert, AlertList } from "../../../../contract/alerts";
import type { ServerEventName, ServerEventPayload } from "../../../../contract/socket-events";
import type { GatewayConfig } from "../../config";
import type { Db, DialectName } from "../../db/database";
import { DomainError } from "../../domain-error";
import type { GatewayEvents } from "../../events/gateway-events";
import type { Cluster } from "../cluster/cluster";
import { LeaderLease } from "../cluster/leader-lease";
import type { InstanceRepository } from "../instances/instance-repository";
import type { LogStore } from "../logs/log-store";
import { AlertChannels } from "./alert-channels";
import { AlertEvaluator } from "./alert-evaluator";
import { AlertRules } from "./alert-rules";
import { AlertSenders } from "./alert-senders";
import { signalOf } from "./alert-signals";
import { AlertStore, toAlert, type AlertFilter } from "./alert-store";
import { AlertTracking } from "./alert-tracking";

export interface AlertServiceDeps {
  db: Db;
  dialect: DialectName;
  config: GatewayConfig;
  events: GatewayEvents;
  instances: Pick<InstanceRepository, "find">;
  cluster: Pick<Cluster, "mode" | "nodeName">;
  log: Logger;
  logs: Pick<LogStore, "write">;
}

/** How soon after a status event a round runs: events of many instances at once make one round, at most one a second. */
const KICK_DELAY_MS = 1000;

/**
 * Alerts, put together: rules and channels (CRUD), the history (list, acknowledge) and the evaluator, which runs every
 * ALERT_EVAL_SECONDS and soon after an instance's status changes. With PostgreSQL only the node holding the
 * "alerts" leader lease evaluates, so a cluster sends each notice once; a single node simply evaluates.
 */
export class AlertService {
  readonly store: AlertStore;
  readonly rules: AlertRules;
  readonly channels: AlertChannels;
  private readonly tracking: AlertTracking;
  private readonly senders: AlertSenders;
  private readonly evaluator: AlertEvaluator;
  private readonly lease: LeaderLease | null;
  private readonly unsubscribe: () => void;
  private readonly signalWrites = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private kickTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;

  constructor(private readonly deps: AlertServiceDeps) {
    const { db, dialect, config, log } = deps;
    this.store = new AlertStore(db);
    this.tracking = new AlertTracking(db);
    this.senders = new AlertSenders({ allowIps: config.webhooks.allowIps, smtp: config.alerts.smtp, telegramApiUrl: config.alerts.telegramApiUrl });
    this.rules = new AlertRules(this.store, deps.instances, log);
    this.channels = new AlertChannels(this.store, this.senders, log);
    const clusterMode = deps.cluster.mode === "postgres";
    const nodeTtlMs = config.cluster.leaseTtlMs;
    this.evaluator = new AlertEvaluator({ db, dialect, store: this.store, tracking: this.tracking, senders: this.senders, groupMs: config.alerts.groupMs, clusterMode, nodeTtlMs, log, logs: deps.logs });
    this.lease = clusterMode ? new LeaderLease(db, dialect, "alerts", () => deps.cluster.nodeName, Math.max(nodeTtlMs, 3 * config.alerts.evalMs)) : null;
    // From construction on: instances restored at start report their status before the timer runs.
    this.unsubscribe = deps.events.onServerEvent((name, payload) => this.onEvent(name, payload));
  }

  /** Starts evaluating (once the gateway listens and its node name is settled). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.timer = setInterval(() => void this.tick(), this.deps.config.alerts.evalMs);
    this.timer.unref();
    void this.tick();
  }

  /** Runs one evaluation round after the one in progress (rounds never overlap). */
  tick(): Promise<void> {
    if (this.stopped) return this.running;
    this.running = this.running
      .then(() => this.round())
      .catch((error: unknown) => this.deps.log.error({ err: error }, "alert evaluation failed; the next round tries again"));
    return this.running;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    if (this.lease && !(await this.lease.hold())) return;
    await this.evaluator.round(await this.tracking.takeSignals());
  }

  private onEvent<E extends ServerEventName>(name: E, payload: ServerEventPayload<E>): void {
    const signal = signalOf(name, payload);
    if (signal) {
      const write = this.tracking.addSignal(signal).catch((error: unknown) => this.deps.log.warn({ err: error, instanceId: signal.instanceId }, "recording an alert signal failed"));
      this.signalWrites.add(write);
      void write.finally(() => this.signalWrites.delete(write));
    }
    if (name === "instance.status" && this.started && !this.kickTimer) {
      this.kickTimer = setTimeout(() => {
        this.kickTimer = undefined;
        void this.tick();
      }, KICK_DELAY_MS);
      this.kickTimer.unref();
    }
  }

  async list(filter: AlertFilter): Promise<AlertList> {
    const { rows, nextCursor } = await this.store.listAlerts(filter);
    return { items: rows.map(toAlert), nextCursor };
  }

  async get(id: string): Promise<Alert> {
    return toAlert(await this.store.getAlert(id));
  }

  /** An operator saw it: no more reminders; it stays open until its subjects recover. */
  async acknowledge(id: string, by: string): Promise<Alert> {
    const row = await this.store.getAlert(id);
    if (row.state === "resolved") throw new DomainError("conflict", "The alert is resolved already; there is nothing to acknowledge.");
    if (row.state === "firing") {
      await this.store.updateAlertIf(id, { state: "acknowledged", acknowledged_at: new Date().toISOString(), acknowledged_by: by }, { states: ["firing"] });
      this.deps.log.info({ alertId: id, by }, "alert acknowledged");
    }
    return this.get(id);
  }

  /** Stops evaluating, lets the round in progress finish, hands the leader lease back. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.kickTimer);
    this.unsubscribe();
    this.senders.abandon();
    await this.running;
    await Promise.all(this.signalWrites);
    await this.lease?.release().catch((error: unknown) => this.deps.log.warn({ err: error }, "handing the alerts lease back failed; it expires by itself"));
    this.senders.close();
  }
}
