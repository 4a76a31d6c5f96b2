import { DISCONNECT_REASONS, QR_EXPIRED_REASON } from "../../../../contract/disconnect-reasons";
import { InboundMessageType } from "../../../../contract/inbound";
import { InstanceStatus } from "../../../../contract/instances";
import { MessageType } from "../../../../contract/messages";
import type { ServerEventPayload } from "../../../../contract/socket-events";
import { UNRESPONSIVE_REASON_PREFIX } from "../../../../contract/watchdog";
import type { GatewayEvents } from "../../events/gateway-events";
import type { GatewayMetrics } from "./gateway-metrics";

/** The `code` label: Baileys' close codes the gateway knows, and a few names; never the reason text. */
const CLOSE_CODE_LABELS = [...Object.keys(DISCONNECT_REASONS), "qr_expired", "unresponsive", "none", "other"] as const;

/**
 * Why a status changed, as a bounded label: the Baileys close code behind it (a known one, else `other`);
 * `qr_expired` for the close that ends an unscanned QR (408 too, but not a lost connection); `unresponsive` for the
 * watchdog's mark and restart of a session that went silent; `none` when no close is behind it (an operator's or
 * integrator's action, a restore at start, a QR arriving, the connection opening).
 */
function closeCodeLabel(event: Pick<ServerEventPayload<"instance.status">, "statusCode" | "statusReason">): string {
  if (event.statusReason === QR_EXPIRED_REASON) return "qr_expired";
  if (event.statusReason?.startsWith(UNRESPONSIVE_REASON_PREFIX)) return "unresponsive";
  if (event.statusCode === undefined) return "none";
  return event.statusCode in DISCONNECT_REASONS ? String(event.statusCode) : "other";
}

/** Webhook receivers answer within the 15 s timeout; the buckets spread over that, in seconds. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];
const ATTEMPT_STATUSES = ["succeeded", "retrying", "failed", "disabled"] as const;

/**
 * Counters fed by what happens in this process (GatewayEvents): status changes and reconnects of the sessions this
 * node runs, messages received and sent, webhook attempts. Every label value comes from a fixed set. Returns the
 * unsubscribe.
 */
export function countEvents(metrics: GatewayMetrics, events: GatewayEvents): () => void {
  const statusChanges = metrics.counter({
    name: "wam_instance_status_changes_total",
    help: "Status changes of the instances this node runs, by the new status and the close code behind it (none: no close)",
    labelNames: ["status", "code"] as const,
  });
  const reconnects = metrics.counter({
    name: "wam_instance_reconnects_total",
    help: "Connections that closed and are being reopened (status RECONNECTING), by close code",
    labelNames: ["code"] as const,
  });
  const received = metrics.counter({ name: "wam_messages_received_total", help: "Messages received, by kind", labelNames: ["type"] as const });
  const sent = metrics.counter({ name: "wam_messages_sent_total", help: "Messages the send queue handed to WhatsApp, by kind (sent through the API)", labelNames: ["type"] as const });
  const failed = metrics.counter({ name: "wam_messages_failed_total", help: "Messages the send queue gave up on (status failed), by kind", labelNames: ["type"] as const });
  const attempts = metrics.counter({
    name: "wam_webhook_delivery_attempts_total",
    help: "Webhook delivery attempts, by the delivery's status after the attempt (succeeded, retrying, failed: no retry left, disabled: the receiver answered 410)",
    labelNames: ["outcome"] as const,
  });
  const latency = metrics.histogram({
    name: "wam_webhook_delivery_duration_seconds",
    help: "How long webhook receivers took to answer (or to fail), by outcome",
    labelNames: ["outcome"] as const,
    buckets: LATENCY_BUCKETS,
  });

  // Every known value starts at 0, so rate() and increase() see the first one.
  for (const type of InboundMessageType.options) received.inc({ type }, 0);
  for (const type of MessageType.options) {
    sent.inc({ type }, 0);
    failed.inc({ type }, 0);
  }
  for (const code of CLOSE_CODE_LABELS) reconnects.inc({ code }, 0);
  for (const status of InstanceStatus.options) statusChanges.inc({ status, code: "none" }, 0);
  for (const outcome of ATTEMPT_STATUSES) attempts.inc({ outcome }, 0);

  const unsubscribe = [
    events.onServerEvent((name, payload) => {
      if (name !== "instance.status") return;
      const event = payload as ServerEventPayload<"instance.status">;
      const code = closeCodeLabel(event);
      statusChanges.inc({ status: event.status, code });
      if (event.status === "RECONNECTING") reconnects.inc({ code });
    }),
    events.onMessage((_instanceId, event) => {
      if (event.type === "message.received") received.inc({ type: event.data.type });
    }),
    events.onOutcome((outcome) => {
      if (outcome.kind === "webhook.attempt") {
        attempts.inc({ outcome: outcome.status });
        latency.observe({ outcome: outcome.status }, outcome.latencyMs / 1000);
      } else (outcome.kind === "message.sent" ? sent : failed).inc({ type: outcome.type });
    }),
  ];
  return () => unsubscribe.forEach((off) => off());
}
