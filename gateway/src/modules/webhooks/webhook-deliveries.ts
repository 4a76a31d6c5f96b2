import {
  WEBHOOK_EVENT_GROUPS,
  WEBHOOK_EVENT_SAMPLES,
  WEBHOOK_EVENT_TYPES,
  type TestWebhookResponse,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookEventType,
  type WebhookEventTypeList,
} from "../../../../contract/webhooks";
import { DomainError } from "../../domain-error";
import { newId } from "../auth/tokens";
import { recordOutcome } from "./attempt-outcome";
import { sendOnce } from "./delivery-worker";
import type { OutboundHttp } from "./outbound-http";
import { newDeliveryRow, toAttempt, toDelivery, type DeliveryFilter, type DeliveryRow, type WebhookStore } from "./webhook-store";

/** The delivery log (lists, one delivery with its attempts), replays and the test tool. */
export class WebhookDeliveries {
  constructor(
    private readonly store: WebhookStore,
    private readonly client: OutboundHttp,
    private readonly signal: AbortSignal,
    /** New or changed rows: announce them (and wake the worker for queued ones). */
    private readonly changed: (row: DeliveryRow, queued: boolean) => void,
  ) {}

  async list(filter: DeliveryFilter): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    if (filter.webhookId) await this.store.getWebhook(filter.webhookId);
    const { rows, nextCursor } = await this.store.listDeliveries(filter);
    return { items: rows.map(toDelivery), nextCursor };
  }

  async get(id: string): Promise<WebhookDeliveryDetail> {
    const row = await this.store.getDelivery(id);
    const attempts = await this.store.attempts(id);
    return { ...toDelivery(row), body: row.body, attemptLog: attempts.map(toAttempt) };
  }

  /** Sends the same event again — same body bytes, same webhook-id — as a new delivery with a fresh schedule. */
  async replay(id: string): Promise<WebhookDelivery> {
    const original = await this.store.getDelivery(id);
    const endpoint = await this.store.getWebhook(original.webhook_id);
    if (endpoint.enabled !== 1) throw new DomainError("conflict", "The endpoint is disabled; enable it before replaying deliveries to it.");
    const row = newDeliveryRow({
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
    this.changed(row, true);
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
    const row = newDeliveryRow({ webhookId: id, eventId, type, instanceId: endpoint.instance_id, body, at: timestamp, test: true });
    // Written leased, so the worker never picks it up: this request sends it.
    row.lease_until = new Date(Date.now() + this.client.timeoutMs + 30_000).toISOString();
    await this.store.insertDeliveries([row]);
    this.changed(row, false);
    const sent = await sendOnce(this.client, endpoint, row, this.signal);
    const { result } = sent;
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    const recorded = await recordOutcome(this.store, sent, { delivery: row, n: 1, url: endpoint.url, ok, status: ok ? "succeeded" : "failed", nextAttemptAt: null, countsForHealth: false });
    if (recorded) this.changed(recorded.delivery, false);
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
