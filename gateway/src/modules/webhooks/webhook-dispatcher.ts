import type { Logger } from "pino";
import type { ServerEventPayload } from "../../../../contract/socket-events";
import type { WebhookEventData, WebhookEventType } from "../../../../contract/webhooks";
import type { GatewayEvents } from "../../events/gateway-events";
import { newId } from "../auth/tokens";
import type { WebhookEndpoints } from "./webhook-endpoints";
import { newDeliveryRow, type DeliveryRow, type WebhookStore } from "./webhook-store";

/**
 * Turns gateway events into outbox rows: one per enabled endpoint that wants the event (global, or bound to that
 * instance), stored before anything is sent. Writes happen in event order; stop() waits for them.
 */
export class WebhookDispatcher {
  /** Outbox writes, in event order; awaited on stop so nothing emitted before shutdown is lost. */
  private writes: Promise<void> = Promise.resolve();
  private readonly unsubscribe: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly events: GatewayEvents,
    private readonly store: WebhookStore,
    private readonly endpoints: WebhookEndpoints,
    private readonly log: Logger,
    /** New rows are in the outbox: announce them and wake the worker. */
    private readonly queued: (rows: DeliveryRow[]) => void,
  ) {
    this.unsubscribe.push(
      events.onServerEvent((name, payload) => {
        if (name === "instance.status") {
          const p = payload as ServerEventPayload<"instance.status">;
          const data = { status: p.status, ...(p.statusCode !== undefined ? { statusCode: p.statusCode } : {}), ...(p.statusReason ? { statusReason: p.statusReason } : {}), seq: p.seq };
          this.publish("instance.status", p.instanceId, data, p.at);
        } else if (name === "instance.qr") {
          const p = payload as ServerEventPayload<"instance.qr">;
          this.publish("instance.qr", p.instanceId, { qr: p.qr, expiresAt: p.expiresAt, attempt: p.attempt, maxAttempts: p.maxAttempts, seq: p.seq }, p.at);
        } else if (name === "instance.deleted") {
          const p = payload as ServerEventPayload<"instance.deleted">;
          this.enqueue(() => this.endpoints.instanceDeleted(p.instanceId));
        }
      }),
      events.onMessage((instanceId, event) => this.publish(event.type, instanceId, event.data)),
    );
  }

  /** Offers one event to every endpoint that wants it. Future engine events come in through here too. */
  publish<T extends WebhookEventType>(type: T, instanceId: string | undefined, data: WebhookEventData<T>, timestamp = new Date().toISOString()): void {
    if (this.stopped) return;
    this.enqueue(async () => {
      const targets = (await this.endpoints.enabledEndpoints())
        .filter((w) => w.events.has(type) && (w.row.instance_id === null || w.row.instance_id === instanceId))
        .map((w) => w.row);
      if (targets.length === 0) return;
      const eventId = newId("msg");
      const body = JSON.stringify({ id: eventId, type, ...(instanceId ? { instanceId } : {}), timestamp, data });
      const at = new Date().toISOString();
      const rows = targets.map((w) => newDeliveryRow({ webhookId: w.id, eventId, type, instanceId, body, at }));
      await this.store.insertDeliveries(rows);
      this.queued(rows);
    });
  }

  /** Resolves once everything published so far is in the outbox (tests, benchmarks, shutdown). */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Takes no more events and waits until the ones already emitted are stored. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    await this.writes;
  }

  private enqueue(work: () => Promise<void>): void {
    this.writes = this.writes.then(work).catch((error: unknown) => this.log.error({ err: error }, "webhook outbox write failed"));
  }
}
