import * as z from "zod/mini";
import { Instance, InstanceId, InstanceStatus } from "./instances";
import { LogEntry, type LogsSubscription, type LogsSubscriptionAck } from "./logs";
import { WebhookDelivery } from "./webhooks";

const eventBase = { seq: z.number().check(z.int(), z.nonnegative()), at: z.iso.datetime() };

export const InstanceStatusEvent = z.object({
  instanceId: InstanceId,
  status: InstanceStatus,
  statusCode: z.optional(z.number().check(z.int())),
  statusReason: z.optional(z.string()),
  /** Cluster mode: the node that runs the instance now (the one reporting the change); a move shows up with it. */
  node: z.optional(z.nullable(z.string())),
  ...eventBase,
});
export const InstanceQrEvent = z.object({
  instanceId: InstanceId,
  qr: z.string(),
  expiresAt: z.iso.datetime(),
  attempt: z.number().check(z.int(), z.positive()),
  maxAttempts: z.number().check(z.int(), z.positive()),
  ...eventBase,
});
const InstanceChangedEvent = z.object({ instance: Instance, ...eventBase });
const InstanceDeletedEvent = z.object({ instanceId: InstanceId, ...eventBase });

/** A webhook delivery changed state (queued, attempted, succeeded, retrying, failed, disabled). */
const WebhookDeliveryEvent = z.extend(WebhookDelivery, { at: z.iso.datetime() });

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
/** Server → client socket event names, in the order the event monitor lists them. */
export const SERVER_EVENT_NAMES = Object.keys(serverEvents) as ServerEventName[];

/** Client → server events. A live log feed is opt-in: the gateway sends `log.entry` only after `logs.subscribe`. */
export type ClientToServerEvents = {
  "logs.subscribe": (payload: LogsSubscription, ack?: (result: LogsSubscriptionAck) => void) => void;
  "logs.unsubscribe": (payload: LogsSubscription, ack?: (result: LogsSubscriptionAck) => void) => void;
};

/** The events a client may send; anything else is answered, through its ack if it sent one, as an unknown event. */
export const CLIENT_EVENTS = ["logs.subscribe", "logs.unsubscribe"] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;
