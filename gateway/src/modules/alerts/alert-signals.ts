import type { ServerEventName, ServerEventPayload } from "../../../../contract/socket-events";

// How the alerts learn that an instance is unresponsive or was logged out by its phone. This file is the ONE place
// that knows what those look like, for the evaluator's look at the current state and for events alike.
//
// Unresponsive: the watchdog (built separately) puts an unresponsive instance into RECONNECTING (its "restart"
// policy) or keeps it CONNECTED (its "alert" policy), in both cases with a statusReason starting with "Unresponsive",
// and will also emit an event of its own. Until that event exists this reads `instance.status`; when it does, add it
// to `signalOf` below (and keep `isUnresponsive` for the state an instance is left in).

type StatusLike = { status: string; statusCode?: number | null; statusReason?: string | null };

/** The watchdog's mark on an instance that stopped answering. */
export function isUnresponsive(state: StatusLike): boolean {
  return (state.statusReason ?? "").startsWith("Unresponsive");
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
