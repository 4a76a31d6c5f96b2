import type { ServerEventName, ServerEventPayload } from "../../../../contract/socket-events";
import { UNRESPONSIVE_REASON_PREFIX } from "../../../../contract/watchdog";

// How the alerts learn that an instance is unresponsive or was logged out by its phone. This file is the ONE place
// that knows what those look like, for the evaluator's look at the current state and for events alike.
//
// Unresponsive: the watchdog (modules/instances/watchdog.ts, docs/operations.md) puts an unresponsive instance into
// RECONNECTING (its "restart" policy) or keeps it CONNECTED (its "alert" policy), in both cases with a status change
// whose reason starts with UNRESPONSIVE_REASON_PREFIX: the `instance.status` event is the signal.

type StatusLike = { status: string; statusCode?: number | null; statusReason?: string | null };

/** The watchdog's mark on an instance that stopped answering. */
export function isUnresponsive(state: StatusLike): boolean {
  return (state.statusReason ?? "").startsWith(UNRESPONSIVE_REASON_PREFIX);
}

/** WhatsApp closed the session with 401: the phone removed the linked device; a new QR scan is needed. */
export function isLoggedOutByPhone(state: StatusLike): boolean {
  return state.status === "QR_REQUIRED" && state.statusCode === 401;
}

/** A moment the evaluator must not miss between two rounds (the instance may have recovered by then). */
export interface AlertSignal {
  kind: "instance_unresponsive" | "instance_logged_out";
  instanceId: string;
  detail: string;
  at: string;
}

/** The signal a server event carries, if any. */
export function signalOf<E extends ServerEventName>(name: E, payload: ServerEventPayload<E>): AlertSignal | null {
  if (name !== "instance.status") return null;
  const event = payload as ServerEventPayload<"instance.status">;
  const detail = `${event.status}${event.statusCode !== undefined ? ` (${event.statusCode})` : ""}${event.statusReason ? `: ${event.statusReason}` : ""}`;
  if (isUnresponsive(event)) return { kind: "instance_unresponsive", instanceId: event.instanceId, detail, at: event.at };
  if (isLoggedOutByPhone(event)) return { kind: "instance_logged_out", instanceId: event.instanceId, detail, at: event.at };
  return null;
}
