import { EventEmitter } from "node:events";
import type { MessageType } from "../../../contract/messages";
import type { ServerEventName, ServerEventPayload } from "../../../contract/socket-events";
import type { DeliveryStatus } from "../../../contract/webhooks";
import type { EngineMessageEvent } from "../engines/engine";

/**
 * What an operation came to, for metrics (and alerts): neither a socket event nor a webhook. A message the send queue
 * handed to WhatsApp or gave up on, by its kind; one webhook attempt of the delivery worker, with the status it left
 * the delivery in and how long the receiver took.
 */
export type GatewayOutcome =
  | { kind: "message.sent" | "message.failed"; instanceId: string; type: MessageType }
  | { kind: "webhook.attempt"; webhookId: string; status: Exclude<DeliveryStatus, "pending">; latencyMs: number };

/** In-process fan-out of everything that happens: the socket layer, webhooks and logs subscribe. */
export class GatewayEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<E extends ServerEventName>(name: E, payload: ServerEventPayload<E>): void {
    this.emitter.emit("server-event", name, payload);
  }

  onServerEvent(listener: <E extends ServerEventName>(name: E, payload: ServerEventPayload<E>) => void): () => void {
    this.emitter.on("server-event", listener);
    return () => this.emitter.off("server-event", listener);
  }

  emitMessage(instanceId: string, event: EngineMessageEvent): void {
    this.emitter.emit("message", instanceId, event);
  }

  onMessage(listener: (instanceId: string, event: EngineMessageEvent) => void): () => void {
    this.emitter.on("message", listener);
    return () => this.emitter.off("message", listener);
  }

  emitOutcome(outcome: GatewayOutcome): void {
    this.emitter.emit("outcome", outcome);
  }

  onOutcome(listener: (outcome: GatewayOutcome) => void): () => void {
    this.emitter.on("outcome", listener);
    return () => this.emitter.off("outcome", listener);
  }
}
