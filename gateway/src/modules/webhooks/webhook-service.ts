import type { Logger } from "pino";
import type { ErrorIssue } from "../../../../contract/errors";
import type { ServerEventPayload } from "../../../../contract/socket-events";
import {
  MASKED_VALUE,
  WEBHOOK_EVENT_GROUPS,
  WEBHOOK_EVENT_SAMPLES,
  WEBHOOK_EVENT_TYPES,
  type TestWebhookResponse,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookEventData,
  type WebhookEventType,
  type WebhookEventTypeList,
  type WebhookList,
  type WebhookWithSecret,
  type RotateSecretResponse,
  type DeliveryStatus,
} from "../../../../contract/webhooks";
import { newId } from "../auth/tokens";
import type { GatewayConfig } from "../../config";
import type { Db } from "../../db/database";
import type { GatewayEvents } from "../../events/gateway-events";
import { DomainError } from "../../domain-error";
import type { InstanceRepository } from "../instances/instance-repository";
import { DeliveryWorker, sendOnce } from "./delivery-worker";
import { OutboundHttp } from "./outbound-http";
import { RetryPolicy } from "./retry-policy";
import { newWebhookSecret, secretHint } from "./signing";
import { toAttempt, toDelivery, toWebhook, WebhookStore, type DeliveryFilter, type DeliveryRow, type StoredHeader, type WebhookRow } from "./webhook-store";

export interface WebhookServiceDeps {
  db: Db;
  dialect: string;
  config: GatewayConfig;
  events: GatewayEvents;
  instances: Pick<InstanceRepository, "find">;
  log: Logger;
  /** Overrides for tests. */
  worker?: Partial<{ perEndpoint: number; global: number; pollMs: number }>;
  timeoutMs?: number;
}

type CreateInput = {
  url: string;
  description?: string;
  events: WebhookEventType[];
  instanceId?: string | null;
  enabled: boolean;
  headers: StoredHeader[];
};
type UpdateInput = Omit<UpdateWebhookRequest, "headers" | "events"> & {
  events?: WebhookEventType[];
  headers?: Array<{ name: string; value?: string }>;
};

const ENDPOINT_CACHE_MS = 5_000;

function badRequest(path: string, message: string): DomainError {
  const issues: ErrorIssue[] = [{ path, message }];
  return new DomainError("invalid_input", `Invalid request: ${path} ${message}`, { issues });
}

/**
 * Webhooks: endpoints (CRUD, secrets, rotation), the dispatcher that turns gateway events into outbox rows, the
 * delivery worker, the test tool and replays. Every outbound request goes through the one filtered client.
 */
export class WebhookService {
  readonly store: WebhookStore;
  readonly client: OutboundHttp;
  readonly policy: RetryPolicy;
  private readonly worker: DeliveryWorker;
  private readonly log: Logger;
  private endpoints: { rows: Array<{ row: WebhookRow; events: Set<string> }>; at: number } | null = null;
  /** Outbox writes, in event order; awaited on stop so nothing emitted before shutdown is lost. */
  private writes: Promise<void> = Promise.resolve();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly shutdown = new AbortController();
  private stopped = false;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.log = deps.log;
    this.store = new WebhookStore(deps.db);
    this.client = new OutboundHttp({ allowIps: deps.config.webhooks.allowIps, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
    this.policy = new RetryPolicy({ scale: deps.config.webhooks.retryScale });
    this.worker = new DeliveryWorker(
      this.store,
      this.client,
      this.policy,
      { changed: (row) => this.announce(row), disable: (id, reason) => this.disable(id, reason) },
      deps.log,
      {
        perEndpoint: deps.worker?.perEndpoint ?? 4,
        global: deps.worker?.global ?? 32,
        pollMs: deps.worker?.pollMs ?? 1_000,
        singleNode: deps.dialect === "sqlite",
      },
    );
    this.subscribe();
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Picks up what is still queued (durable across restarts) and starts delivering. */
  start(): Promise<void> {
    return this.worker.start();
  }

  /** Stores what was already emitted, abandons attempts in flight back to the queue, closes the client. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    await this.writes;
    this.shutdown.abort();
    await this.worker.stop();
    this.client.close();
  }

  // ---- dispatcher --------------------------------------------------------------------------------

  private subscribe(): void {
    const { events } = this.deps;
    this.unsubscribe.push(
      events.onServerEvent((name, payload) => {
        if (name === "instance.status") {
          const p = payload as ServerEventPayload<"instance.status">;
          this.publish("instance.status", p.instanceId, {
            status: p.status,
            ...(p.statusCode !== undefined ? { statusCode: p.statusCode } : {}),
            ...(p.statusReason ? { statusReason: p.statusReason } : {}),
            seq: p.seq,
          }, p.at);
        } else if (name === "instance.qr") {
          const p = payload as ServerEventPayload<"instance.qr">;
          this.publish("instance.qr", p.instanceId, { qr: p.qr, expiresAt: p.expiresAt, attempt: p.attempt, maxAttempts: p.maxAttempts, seq: p.seq }, p.at);
        } else if (name === "instance.deleted") {
          const p = payload as ServerEventPayload<"instance.deleted">;
          this.enqueue(() => this.instanceDeleted(p.instanceId));
        }
      }),
      events.onMessage((instanceId, event) => {
        const { type, ...data } = event;
        this.publish(type, instanceId, data as WebhookEventData<typeof type>);
      }),
    );
  }

  private enqueue(work: () => Promise<void>): void {
    this.writes = this.writes.then(work).catch((error: unknown) => this.log.error({ err: error }, "webhook outbox write failed"));
  }

  /**
   * Offers one event to every enabled endpoint that wants it (global, or bound to that instance): an outbox row per
   * endpoint is stored first, then the worker is kicked. Future engine events (reactions, calls, groups, presence)
   * come in through here too.
   */
  publish<T extends WebhookEventType>(type: T, instanceId: string | undefined, data: WebhookEventData<T>, timestamp = new Date().toISOString()): void {
    if (this.stopped) return;
    this.enqueue(async () => {
      const targets = (await this.enabledEndpoints())
        .filter((w) => w.events.has(type) && (w.row.instance_id === null || w.row.instance_id === instanceId))
        .map((w) => w.row);
      if (targets.length === 0) return;
      const eventId = newId("msg");
      const body = JSON.stringify({ id: eventId, type, ...(instanceId ? { instanceId } : {}), timestamp, data });
      const at = new Date().toISOString();
      const rows: DeliveryRow[] = targets.map((w) => this.newDelivery({ webhookId: w.id, eventId, type, instanceId, body, at }));
      await this.store.insertDeliveries(rows);
      for (const row of rows) {
        this.announce(row);
        this.worker.kick(row.webhook_id);
      }
    });
  }

  /** Resolves once everything published so far is in the outbox (tests, benchmarks). */
  flush(): Promise<void> {
    return this.writes;
  }

  private newDelivery(v: { webhookId: string; eventId: string; type: string; instanceId?: string | null; body: string; at: string; test?: boolean; replayOf?: string }): DeliveryRow {
    return {
      id: newId("whd"),
      webhook_id: v.webhookId,
      event_id: v.eventId,
      event_type: v.type,
      instance_id: v.instanceId ?? null,
      body: v.body,
      status: "pending",
      attempts: 0,
      next_attempt_at: v.at,
      lease_until: null,
      last_status_code: null,
      last_latency_ms: null,
      last_error: null,
      is_test: v.test ? 1 : 0,
      replay_of: v.replayOf ?? null,
      created_at: v.at,
      updated_at: v.at,
    };
  }

  /** Enabled endpoints with their event sets; cached briefly (and dropped on every change made here). */
  private async enabledEndpoints(): Promise<Array<{ row: WebhookRow; events: Set<string> }>> {
    if (!this.endpoints || Date.now() - this.endpoints.at > ENDPOINT_CACHE_MS) {
      const rows = await this.store.enabledWebhooks();
      this.endpoints = { rows: rows.map((row) => ({ row, events: new Set(JSON.parse(row.events) as string[]) })), at: Date.now() };
    }
    return this.endpoints.rows;
  }

  private invalidate(): void {
    this.endpoints = null;
  }

  private announce(row: DeliveryRow): void {
    if (this.stopped) return;
    this.deps.events.emit("webhook.delivery", { ...toDelivery(row), at: row.updated_at });
  }

  private async instanceDeleted(instanceId: string): Promise<void> {
    const bound = (await this.store.enabledWebhooks()).filter((w) => w.instance_id === instanceId);
    for (const w of bound) await this.disable(w.id, `Its instance ${instanceId} was deleted`);
  }

  /** Switches an endpoint off and flags why; its queued deliveries are held (not lost). */
  async disable(id: string, reason: string): Promise<void> {
    const at = new Date().toISOString();
    await this.store.updateWebhook(id, { enabled: 0, disabled_reason: reason, disabled_at: at, updated_at: at });
    await this.store.holdDeliveries(id, at);
    this.invalidate();
    this.log.warn({ webhookId: id, reason }, "webhook endpoint disabled");
  }

  // ---- endpoints ---------------------------------------------------------------------------------

  private async present(rows: WebhookRow[]): Promise<Webhook[]> {
    const health = await this.store.health(rows.map((r) => r.id), new Date(Date.now() - 24 * 3_600_000).toISOString());
    return rows.map((row) => toWebhook(row, health.get(row.id), secretHint));
  }

  private async presentOne(id: string): Promise<Webhook> {
    return (await this.present([await this.store.getWebhook(id)]))[0]!;
  }

  private async checkTarget(url: string, instanceId: string | null | undefined): Promise<void> {
    const refused = this.client.refuse(url);
    if (refused) throw badRequest("body.url", refused);
    if (instanceId && !(await this.deps.instances.find(instanceId))) throw badRequest("body.instanceId", `names no instance (${instanceId})`);
  }

  async list(query: { instanceId?: string; limit: number; cursor?: string }): Promise<WebhookList> {
    const { rows, nextCursor } = await this.store.listWebhooks(query);
    return { items: await this.present(rows), nextCursor };
  }

  get(id: string): Promise<Webhook> {
    return this.presentOne(id);
  }

  async create(input: CreateInput): Promise<WebhookWithSecret> {
    await this.checkTarget(input.url, input.instanceId);
    const at = new Date().toISOString();
    const secret = newWebhookSecret();
    const id = newId("whk");
    await this.store.insertWebhook({
      id,
      url: input.url,
      enabled: input.enabled ? 1 : 0,
      description: input.description || null,
      events: JSON.stringify(input.events),
      instance_id: input.instanceId ?? null,
      headers: JSON.stringify(input.headers),
      secret,
      previous_secret: null,
      previous_secret_expires_at: null,
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      last_attempt_at: null,
      last_attempt_ok: null,
      last_status_code: null,
      created_at: at,
      updated_at: at,
    });
    this.invalidate();
    this.log.info({ webhookId: id, events: input.events, instanceId: input.instanceId ?? null }, "webhook endpoint created");
    return { ...(await this.presentOne(id)), secret };
  }

  async update(id: string, patch: UpdateInput): Promise<Webhook> {
    const row = await this.store.getWebhook(id);
    const url = patch.url ?? row.url;
    const instanceId = patch.instanceId === undefined ? row.instance_id : patch.instanceId;
    if (patch.url !== undefined || (patch.instanceId !== undefined && patch.instanceId !== row.instance_id)) await this.checkTarget(url, patch.instanceId === undefined ? null : instanceId);
    let headers: StoredHeader[] | undefined;
    if (patch.headers) {
      const saved = new Map((JSON.parse(row.headers) as StoredHeader[]).map((h) => [h.name.toLowerCase(), h.value]));
      headers = patch.headers.map((h, i) => {
        if (h.value !== undefined && h.value !== MASKED_VALUE) return { name: h.name, value: h.value };
        const kept = saved.get(h.name.toLowerCase());
        if (kept === undefined) throw badRequest(`body.headers.${i}.value`, "is required for a header that was not saved before");
        return { name: h.name, value: kept };
      });
    }
    const at = new Date().toISOString();
    const enabling = patch.enabled === true && row.enabled === 0;
    const disabling = patch.enabled === false && row.enabled === 1;
    await this.store.updateWebhook(id, {
      url,
      instance_id: instanceId,
      ...(patch.description !== undefined ? { description: patch.description || null } : {}),
      ...(patch.events ? { events: JSON.stringify(patch.events) } : {}),
      ...(headers ? { headers: JSON.stringify(headers) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      // Enabled again by an operator: clear the flag and the failure streak.
      ...(enabling ? { disabled_reason: null, disabled_at: null, failing_since: null } : {}),
      ...(disabling ? { disabled_reason: null, disabled_at: at } : {}),
      updated_at: at,
    });
    if (disabling) await this.store.holdDeliveries(id, at);
    if (enabling) {
      const resumed = await this.store.resumeDeliveries(id, at);
      if (resumed > 0) this.log.info({ webhookId: id, resumed }, "held webhook deliveries queued again");
      this.worker.kick(id);
    }
    this.invalidate();
    return this.presentOne(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.getWebhook(id);
    await this.store.deleteWebhook(id);
    this.invalidate();
    this.log.info({ webhookId: id }, "webhook endpoint deleted");
  }

  async rotateSecret(id: string, graceSeconds: number): Promise<RotateSecretResponse> {
    const row = await this.store.getWebhook(id);
    const secret = newWebhookSecret();
    const at = new Date();
    const expires = graceSeconds > 0 ? new Date(at.getTime() + graceSeconds * 1000).toISOString() : null;
    await this.store.updateWebhook(id, {
      secret,
      previous_secret: expires ? row.secret : null,
      previous_secret_expires_at: expires,
      updated_at: at.toISOString(),
    });
    this.log.info({ webhookId: id, graceSeconds }, "webhook secret rotated");
    return { webhook: await this.presentOne(id), secret, previousSecretExpiresAt: expires };
  }

  // ---- deliveries --------------------------------------------------------------------------------

  async deliveries(filter: DeliveryFilter): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    if (filter.webhookId) await this.store.getWebhook(filter.webhookId);
    const { rows, nextCursor } = await this.store.listDeliveries(filter);
    return { items: rows.map(toDelivery), nextCursor };
  }

  async delivery(id: string): Promise<WebhookDeliveryDetail> {
    const row = await this.store.getDelivery(id);
    const attempts = await this.store.attempts(id);
    return { ...toDelivery(row), body: row.body, attemptLog: attempts.map(toAttempt) };
  }

  /** Sends the same event again — same body bytes, same webhook-id — as a new delivery with a fresh schedule. */
  async replay(id: string): Promise<WebhookDelivery> {
    const original = await this.store.getDelivery(id);
    const endpoint = await this.store.getWebhook(original.webhook_id);
    if (endpoint.enabled !== 1) throw new DomainError("conflict", "The endpoint is disabled; enable it before replaying deliveries to it.");
    const row = this.newDelivery({
      webhookId: original.webhook_id,
      eventId: original.event_id,
      type: original.event_type,
      instanceId: original.instance_id,
      body: original.body,
      at: new Date().toISOString(),
      test: original.is_test === 1,
      replayOf: original.id,
    });
    await this.store.insertDeliveries([row]);
    this.announce(row);
    this.worker.kick(row.webhook_id);
    return toDelivery(row);
  }

  /**
   * The test tool: signs the event type's sample (with a fresh id) and sends it now, through the same client and
   * signing as real deliveries; records it as a (test) delivery with one attempt. Never retried, never counted in
   * the endpoint's health.
   */
  async test(id: string, type: WebhookEventType): Promise<TestWebhookResponse> {
    const endpoint = await this.store.getWebhook(id);
    const sample = WEBHOOK_EVENT_SAMPLES[type];
    const eventId = newId("msg");
    const timestamp = new Date().toISOString();
    const instanceId = endpoint.instance_id ?? sample.instanceId;
    const body = JSON.stringify({ ...sample, id: eventId, timestamp, ...(instanceId ? { instanceId } : {}) });
    const row = this.newDelivery({ webhookId: id, eventId, type, instanceId: endpoint.instance_id, body, at: timestamp, test: true });
    // Written leased, so the worker never picks it up: this request sends it.
    row.lease_until = new Date(Date.now() + this.client.timeoutMs + 30_000).toISOString();
    await this.store.insertDeliveries([row]);
    this.announce(row);
    const { at, result, requestHeaders } = await sendOnce(this.client, endpoint, row, this.shutdown.signal);
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    const error = result.error ?? (ok ? undefined : `HTTP ${result.statusCode}`);
    const status: DeliveryStatus = ok ? "succeeded" : "failed";
    const recorded = await this.store.recordAttempt({
      delivery: row,
      n: 1,
      at,
      url: endpoint.url,
      ok,
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      latencyMs: result.latencyMs,
      ...(error ? { error } : {}),
      responseExcerpt: result.bodyExcerpt,
      responseHeaders: result.responseHeaders,
      requestHeaders,
      status,
      nextAttemptAt: null,
      countsForHealth: false,
    });
    if (recorded) this.announce(recorded.delivery);
    return {
      ok,
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      latencyMs: result.latencyMs,
      responseHeaders: result.responseHeaders,
      bodyExcerpt: result.bodyExcerpt,
      ...(result.error ? { error: result.error } : {}),
      payloadId: eventId,
      deliveryId: row.id,
    };
  }

  eventTypes(): WebhookEventTypeList {
    const groupOf = (type: WebhookEventType) =>
      (Object.entries(WEBHOOK_EVENT_GROUPS) as Array<[keyof typeof WEBHOOK_EVENT_GROUPS, readonly WebhookEventType[]]>).find(([, types]) => types.includes(type))![0];
    return { items: WEBHOOK_EVENT_TYPES.map((type) => ({ type, group: groupOf(type), sample: WEBHOOK_EVENT_SAMPLES[type] })) };
  }
}
