import { z } from "zod";
import { SERVER_EVENT_NAMES } from "./constants";
import { Instance, InstanceId, InstanceStatus } from "./instances";
import { LogEntry, type LogsSubscription, type LogsSubscriptionAck } from "./logs";
import { WebhookDelivery } from "./webhooks";

const eventBase = { seq: z.number().int().nonnegative(), at: z.iso.datetime() };

export const InstanceStatusEvent = z.object({
  instanceId: InstanceId,
  status: InstanceStatus,
  statusCode: z.number().int().optional(),
  statusReason: z.string().optional(),
  ...eventBase,
});
export const InstanceQrEvent = z.object({
  instanceId: InstanceId,
  qr: z.string(),
  expiresAt: z.iso.datetime(),
  attempt: z.number().int().positive(),
  maxAttempts: z.number().int().positive(),
  ...eventBase,
});
export const InstanceChangedEvent = z.object({ instance: Instance, ...eventBase });
export const InstanceDeletedEvent = z.object({ instanceId: InstanceId, ...eventBase });

/** A webhook delivery changed state (queued, attempted, succeeded, retrying, failed, disabled). */
export const WebhookDeliveryEvent = WebhookDelivery.extend({ at: z.iso.datetime() });

/** The hello the gateway sends on every socket connection, so the panel can show what it talks to. */
export const GatewayHelloEvent = z.object({ version: z.string(), engine: z.string(), at: z.iso.datetime() });

/** Server → client events, by name. The panel's socket bridge validates every payload against these. */
export const serverEvents = {
  "gateway.hello": GatewayHelloEvent,
  "instance.status": InstanceStatusEvent,
  "instance.qr": InstanceQrEvent,
  "instance.created": InstanceChangedEvent,
  "instance.updated": InstanceChangedEvent,
  "instance.deleted": InstanceDeletedEvent,
  "webhook.delivery": WebhookDeliveryEvent,
  /** Only to sockets that asked with `logs.subscribe`. */
  "log.entry": LogEntry,
} as const;

export type ServerEventName = keyof typeof serverEvents;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void };
export const serverEventNames: readonly ServerEventName[] = SERVER_EVENT_NAMES;
// Both lists name the same events: a schema without a name (or a name without a schema) fails the type check.
const sameNames: [ServerEventName, (typeof SERVER_EVENT_NAMES)[number]] extends [(typeof SERVER_EVENT_NAMES)[number], ServerEventName] ? true : never = true;
void sameNames;

/** Client → server events. A live log feed is opt-in: the gateway sends `log.entry` only after `logs.subscribe`. */
export type ClientToServerEvents = {
  "logs.subscribe": (payload: LogsSubscription, ack?: (result: LogsSubscriptionAck) => void) => void;
  "logs.unsubscribe": (payload: LogsSubscription, ack?: (result: LogsSubscriptionAck) => void) => void;
};
