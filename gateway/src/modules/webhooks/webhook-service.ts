import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import type { Db, DialectName } from "../../db/database";
import type { GatewayEvents } from "../../events/gateway-events";
import type { InstanceRepository } from "../instances/instance-repository";
import { DeliveryWorker } from "./delivery-worker";
import { OutboundHttp } from "./outbound-http";
import { RetryPolicy } from "./retry-policy";
import { WebhookDeliveries } from "./webhook-deliveries";
import { WebhookDispatcher } from "./webhook-dispatcher";
import { WebhookEndpoints } from "./webhook-endpoints";
import { toDelivery, WebhookStore, type DeliveryRow } from "./webhook-store";

export interface WebhookServiceDeps {
  db: Db;
  dialect: DialectName;
  config: GatewayConfig;
  events: GatewayEvents;
  instances: Pick<InstanceRepository, "find">;
  log: Logger;
  /** Overrides for tests. */
  worker?: Partial<{ perEndpoint: number; global: number; pollMs: number }>;
  timeoutMs?: number;
}

/** Finished deliveries deleted per statement by the retention sweep. */
const SWEEP_BATCH = 1000;

/**
 * Webhooks, put together: endpoints (CRUD, secrets), the dispatcher (events → outbox), the delivery worker (outbox →
 * receivers, retries) and the delivery log (lists, replays, the test tool). Every outbound request goes through the
 * one filtered client.
 */
export class WebhookService {
  readonly store: WebhookStore;
  readonly client: OutboundHttp;
  readonly policy: RetryPolicy;
  readonly endpoints: WebhookEndpoints;
  readonly deliveries: WebhookDeliveries;
  readonly dispatcher: WebhookDispatcher;
  private readonly worker: DeliveryWorker;
  private readonly shutdown = new AbortController();
  private stopped = false;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.store = new WebhookStore(deps.db, deps.dialect);
    this.client = new OutboundHttp({ allowIps: deps.config.webhooks.allowIps, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
    this.policy = new RetryPolicy({ scale: deps.config.webhooks.retryScale });
    this.endpoints = new WebhookEndpoints(this.store, this.client, deps.instances, deps.log, (id) => this.worker.kick(id), deps.dialect === "postgres" ? 0 : undefined);
    const options = { perEndpoint: deps.worker?.perEndpoint ?? 4, global: deps.worker?.global ?? 32, pollMs: deps.worker?.pollMs ?? 1_000, singleNode: deps.dialect === "sqlite" };
    this.worker = new DeliveryWorker(this.store, this.client, this.policy, {
        changed: (row) => this.announce(row),
        attempted: (status, latencyMs, webhookId) => deps.events.emitOutcome({ kind: "webhook.attempt", webhookId, status, latencyMs }),
        disable: (id, reason) => this.endpoints.disable(id, reason),
      }, deps.log, options);
    const changed = (row: DeliveryRow, queued: boolean) => {
      this.announce(row);
      if (queued) this.worker.kick(row.webhook_id);
    };
    this.deliveries = new WebhookDeliveries(this.store, this.client, this.shutdown.signal, changed);
    this.dispatcher = new WebhookDispatcher(deps.events, this.store, this.endpoints, deps.log, (rows) => rows.forEach((row) => changed(row, true)));
  }

  /** Picks up what is still queued (durable across restarts) and starts delivering, and sweeping the log. */
  start(): Promise<void> {
    // Every 10 minutes, or a tenth of the retention when that is shorter. Every node may run it (cluster mode): the
    // delete is the same wherever it runs.
    const retentionMs = this.deps.config.webhooks.deliveryRetentionMs;
    this.sweeper ??= setInterval(() => {
      // One sweep at a time: a long one (a large backlog) is not joined by the next.
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => {
          this.deps.log.warn({ err: error }, "deleting old webhook deliveries failed");
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    }, Math.max(100, Math.min(600_000, retentionMs / 10)));
    this.sweeper.unref();
    return this.worker.start();
  }

  /**
   * Forgets finished deliveries older than the retention (WEBHOOK_DELIVERY_RETENTION_DAYS, counted from their last
   * attempt): the log, their attempts and the body that was sent. A batch at a time, so no one delete holds the
   * database long. Returns how many went.
   */
  async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - this.deps.config.webhooks.deliveryRetentionMs).toISOString();
    let removed = 0;
    let batch: number;
    do {
      batch = await this.store.deleteFinishedBefore(cutoff, SWEEP_BATCH);
      removed += batch;
    } while (batch === SWEEP_BATCH && !this.stopped);
    if (removed > 0) this.deps.log.info({ removed }, "old webhook deliveries deleted");
    return removed;
  }

  /** Stores what was already emitted, abandons attempts in flight back to the queue, closes the client. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    clearInterval(this.sweeper);
    await this.dispatcher.stop();
    this.stopped = true;
    this.shutdown.abort();
    await this.worker.stop();
    this.client.close();
  }

  private announce(row: DeliveryRow): void {
    if (!this.stopped) this.deps.events.emit("webhook.delivery", { ...toDelivery(row), at: row.updated_at });
  }
}
