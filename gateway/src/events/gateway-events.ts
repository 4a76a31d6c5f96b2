import { EventEmitter } from "node:events";
import type { ServerEventName, ServerEventPayload } from "../../../contract/socket-events";
import type { EngineMessageEvent } from "../engines/engine";

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
}
