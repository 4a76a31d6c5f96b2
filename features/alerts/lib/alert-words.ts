import type { AlertChannel, AlertChannelType, AlertDelivery, AlertRule, AlertRuleKind, AlertSeverity, AlertState } from "@/contract/alerts";

// How alerts read to an operator: kinds, severities, states and channel types in words.

export const KIND_LABELS: Record<AlertRuleKind, string> = {
  instance_status: "Instance in a status",
  instance_unresponsive: "Instance unresponsive",
  instance_logged_out: "Instance logged out",
  webhook_failing: "Webhook failing",
  webhook_disabled: "Webhook disabled",
  node_down: "Gateway node down",
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { info: "Info", warning: "Warning", critical: "Critical" };
export const STATE_LABELS: Record<AlertState, string> = { firing: "Firing", acknowledged: "Acknowledged", resolved: "Resolved" };

export const CHANNEL_TYPE_LABELS: Record<AlertChannelType, string> = { email: "E-mail", slack: "Slack", discord: "Discord", telegram: "Telegram", webhook: "Signed webhook" };

const STATUS_WORDS: Record<string, string> = { DISCONNECTED: "disconnected", ERROR: "in error", QR_REQUIRED: "waiting for a QR scan" };

/** Minutes as a reader says them: "0 minutes", "1 minute", "1.5 minutes", "2 hours". */
export function minutesInWords(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** "a, b or c" */
function either(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** What a rule watches, in one sentence: "An instance is disconnected or in error for 5 minutes". */
export function ruleCondition(rule: Pick<AlertRule, "kind" | "statuses" | "forMinutes" | "instanceIds">): string {
  const who = rule.instanceIds?.length ? (rule.instanceIds.length === 1 ? "The chosen instance" : `One of ${rule.instanceIds.length} chosen instances`) : "An instance";
  const lasting = rule.forMinutes ? ` for ${minutesInWords(rule.forMinutes)}` : "";
  switch (rule.kind) {
    case "instance_status":
      return `${who} is ${either((rule.statuses ?? []).map((s) => STATUS_WORDS[s] ?? s))}${lasting}`;
    case "instance_unresponsive":
      return `${who} stops answering (watchdog)`;
    case "instance_logged_out":
      return `${who} is logged out by the phone`;
    case "webhook_failing":
      return `Every delivery to a webhook endpoint fails${lasting}`;
    case "webhook_disabled":
      return "The gateway disables a webhook endpoint";
    case "node_down":
      return "A gateway node stops sending heartbeats";
  }
}

/** Where a channel sends, as the API shows it (credentials only as hints). */
export function channelTarget(channel: AlertChannel): string {
  switch (channel.type) {
    case "email":
      return (channel.to ?? []).join(", ");
    case "slack":
    case "discord":
      return channel.urlHint ?? "—";
    case "telegram":
      return [channel.chatId, channel.botTokenHint && `bot ${channel.botTokenHint}`].filter(Boolean).join(" · ");
    case "webhook":
      return channel.url ?? "—";
  }
}

/** Each channel's latest outcome per notice kind, in the order first seen: what happened, without every reminder. */
export function latestDeliveries(deliveries: readonly AlertDelivery[]): AlertDelivery[] {
  const latest = new Map<string, AlertDelivery>();
  for (const delivery of deliveries) {
    const key = `${delivery.channelId} ${delivery.notice}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(delivery.at) >= Date.parse(seen.at)) latest.set(key, delivery);
  }
  return [...latest.values()];
}

/** One delivery's outcome: "sent (HTTP 200)", or why it failed. */
export function deliveryOutcome(delivery: AlertDelivery): string {
  if (delivery.ok) return delivery.statusCode ? `sent (HTTP ${delivery.statusCode})` : "sent";
  return delivery.error ?? (delivery.statusCode ? `failed (HTTP ${delivery.statusCode})` : "failed");
}
