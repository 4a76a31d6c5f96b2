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

function parse(payload: unknown): { room: string } | { error: string } {
  const parsed = LogsSubscription.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `Invalid subscription: ${issue?.path.join(".") || "payload"} ${issue?.message ?? "is not valid"}` };
  }
  return { room: parsed.data.instanceId ? instanceRoom(parsed.data.instanceId) : ALL_LOGS_ROOM };
}

/**
 * The live log is opt-in: `logs.subscribe` ({} for everything, { instanceId } for one instance) joins a room,
 * `logs.unsubscribe` with the same payload leaves it. Each answers through the ack, if one was given.
 */
export function handleLogSubscriptions(socket: LogSocket): void {
  const on = (event: "logs.subscribe" | "logs.unsubscribe", apply: (room: string) => unknown) =>
    socket.on(event, (payload: unknown, ack?: unknown) => {
      const result = parse(payload);
      const reply: LogsSubscriptionAck = "error" in result ? { ok: false, error: result.error } : { ok: true };
      if ("room" in result) void apply(result.room);
      if (typeof ack === "function") (ack as (r: LogsSubscriptionAck) => void)(reply);
    });
  on("logs.subscribe", (room) => socket.join(room));
  on("logs.unsubscribe", (room) => socket.leave(room));
}
