import type { Socket } from "socket.io";
import { LogsSubscription, type LogEntry, type LogsSubscriptionAck } from "../../../../contract/logs";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../../contract/socket-events";

const ALL_LOGS_ROOM = "logs:all";
const instanceRoom = (instanceId: string) => `logs:${instanceId}`;

/** Where one entry goes: everyone following all logs, and those following its instance. */
export function logRooms(entry: LogEntry): string[] {
  return entry.instanceId ? [ALL_LOGS_ROOM, instanceRoom(entry.instanceId)] : [ALL_LOGS_ROOM];
}

type LogSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Ack = (result: LogsSubscriptionAck) => void;

/** How many instances' logs one socket may follow at once (the panel follows one, or all). */
export const MAX_LOG_SUBSCRIPTIONS = 50;

const refused = (message: string): LogsSubscriptionAck => ({ ok: false, error: { code: "bad_request", message } });

function parse(payload: unknown): { room: string } | { error: string } {
  // No payload at all is {} (every entry); null, a string or an array is not an object and is refused.
  const parsed = LogsSubscription.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `Invalid subscription: ${issue?.path.join(".") || "payload"} ${issue?.message ?? "is not valid"}` };
  }
  return { room: parsed.data.instanceId ? instanceRoom(parsed.data.instanceId) : ALL_LOGS_ROOM };
}

/**
 * The live log is opt-in: `logs.subscribe` ({} for everything, { instanceId } for one instance) joins a room,
 * `logs.unsubscribe` with the same payload leaves it. Each answers through the ack, if one was given; an ack sent in
 * the payload's place is answered too. A socket follows at most MAX_LOG_SUBSCRIPTIONS instances.
 */
export function handleLogSubscriptions(socket: LogSocket): void {
  const on = (event: "logs.subscribe" | "logs.unsubscribe", apply: (room: string) => LogsSubscriptionAck) =>
    socket.on(event, (payload: unknown, ack?: unknown) => {
      const answer = (typeof ack === "function" ? ack : typeof payload === "function" ? payload : undefined) as Ack | undefined;
      const result = typeof payload === "function" ? { error: "Invalid subscription: payload is required ({} or { instanceId })" } : parse(payload);
      // Applied first, answered after: a client that sends no ack subscribes all the same.
      const reply = "error" in result ? refused(result.error) : apply(result.room);
      answer?.(reply);
    });
  on("logs.subscribe", (room) => {
    const following = [...socket.rooms].filter((r) => r.startsWith("logs:") && r !== ALL_LOGS_ROOM).length;
    if (room !== ALL_LOGS_ROOM && !socket.rooms.has(room) && following >= MAX_LOG_SUBSCRIPTIONS) {
      return refused(`Invalid subscription: this connection already follows ${MAX_LOG_SUBSCRIPTIONS} instances' logs; unsubscribe from one first`);
    }
    void socket.join(room);
    return { ok: true };
  });
  on("logs.unsubscribe", (room) => {
    void socket.leave(room);
    return { ok: true };
  });
}
