import type { LogLevel } from "../../../../contract/logs";
import type { ServerEventPayload } from "../../../../contract/socket-events";
import type { GatewayEvents } from "../../events/gateway-events";
import type { LogInput, LogStore } from "./log-store";

type StatusEvent = ServerEventPayload<"instance.status">;
type QrEvent = ServerEventPayload<"instance.qr">;

type DeliveryEvent = ServerEventPayload<"webhook.delivery">;

const ATTEMPT = /attempt (\d+) of (\d+)/;

/** One entry per status change; a RECONNECTING with "attempt n of m" is a reconnect attempt, logged at warn. */
function statusEntry(event: StatusEvent): LogInput {
  const attempt = ATTEMPT.exec(event.statusReason ?? "");
  const context = {
    status: event.status,
    ...(event.statusCode !== undefined ? { code: event.statusCode } : {}),
    ...(event.statusReason ? { reason: event.statusReason } : {}),
    ...(attempt ? { attempt: Number(attempt[1]), maxAttempts: Number(attempt[2]) } : {}),
    seq: event.seq,
  };
  const base = { source: "engine" as const, instanceId: event.instanceId, time: event.at, context };
  if (attempt) {
    const code = event.statusCode !== undefined ? ` after close ${event.statusCode}` : "";
    const why = (event.statusReason ?? "").replace(/;?\s*reconnecting \(attempt \d+ of \d+\)/, "").trim();
    return { ...base, level: "warn", message: `Reconnect attempt ${attempt[1]} of ${attempt[2]}${code}${why ? `: ${why}` : ""}` };
  }
  let level: LogLevel = "info";
  if (event.status === "ERROR") level = "error";
  else if ((event.status === "DISCONNECTED" || event.status === "QR_REQUIRED") && event.statusCode !== undefined) level = "warn";
  return { ...base, level, message: `Status ${event.status}${event.statusReason ? `: ${event.statusReason}` : ""}` };
}

function qrEntry(event: QrEvent): LogInput {
  // Never the QR payload itself: it is what links a phone.
  return {
    level: "debug",
    source: "engine",
    instanceId: event.instanceId,
    time: event.at,
    message: `QR code issued (${event.attempt} of ${event.maxAttempts})`,
    context: { attempt: event.attempt, maxAttempts: event.maxAttempts, expiresAt: event.expiresAt, seq: event.seq },
  };
}

function deliveryEntry(event: DeliveryEvent): LogInput | null {
  const failed = event.status === "retrying" || event.status === "failed" || event.status === "disabled";
  if (!failed && event.status !== "succeeded") return null;
  const context = {
    webhookId: event.webhookId,
    deliveryId: event.id,
    event: event.event,
    status: event.status,
    attempts: event.attempts,
    ...(event.lastStatusCode !== undefined ? { statusCode: event.lastStatusCode } : {}),
    ...(event.lastLatencyMs !== undefined ? { latencyMs: event.lastLatencyMs } : {}),
    ...(event.lastError ? { error: event.lastError } : {}),
    ...(event.nextAttemptAt ? { nextAttemptAt: event.nextAttemptAt } : {}),
    ...(event.test ? { test: true } : {}),
  };
  const base = { source: "webhook" as const, time: event.at, context, ...(event.instanceId ? { instanceId: event.instanceId } : {}) };
  if (!failed) return { ...base, level: "debug", message: `Webhook ${event.event} delivered (attempt ${event.attempts})` };
  const why = event.lastStatusCode !== undefined ? `HTTP ${event.lastStatusCode}` : (event.lastError ?? "no response");
  const what = event.status === "retrying" ? "will retry" : event.status === "disabled" ? "endpoint disabled" : "giving up";
  return { ...base, level: event.status === "retrying" ? "warn" : "error", message: `Webhook ${event.event} delivery failed (${why}); ${what}` };
}

/** Writes the gateway's own events (status changes, QR codes, instance lifecycle, webhook attempts) into the log. */
export function captureGatewayEvents(events: GatewayEvents, logs: LogStore): () => void {
  return events.onServerEvent((name, payload) => {
    let input: LogInput | null = null;
    if (name === "instance.status") input = statusEntry(payload as StatusEvent);
    else if (name === "instance.qr") input = qrEntry(payload as QrEvent);
    else if (name === "instance.created") {
      const { instance, at } = payload as ServerEventPayload<"instance.created">;
      // Creation is also the first status change (INIT), so it carries status and seq like the others.
      const context = { name: instance.name, engine: instance.engine, status: instance.status, seq: instance.seq };
      input = { level: "info", source: "gateway", instanceId: instance.id, time: at, message: `Instance "${instance.name}" created`, context };
    } else if (name === "instance.deleted") {
      const { instanceId, at } = payload as ServerEventPayload<"instance.deleted">;
      input = { level: "info", source: "gateway", instanceId, time: at, message: "Instance deleted", context: {} };
    } else if (name === "webhook.delivery") input = deliveryEntry(payload as DeliveryEvent);
    if (input) logs.write(input);
  });
}
