import { Globe, Smartphone } from "lucide-react";
import { WEBHOOK_EVENT_TYPES, type Webhook } from "@/contract/webhooks";

/** "All instances" or the bound instance's name (its id when the name is unknown). */
export function WebhookScope({ webhook, instanceNames }: { webhook: Webhook; instanceNames: Readonly<Record<string, string>> }) {
  if (webhook.instanceId === null) {
    return (
      <span className="inline-flex items-center gap-1.5 text-sm">
        <Globe className="size-3.5 text-muted-foreground" aria-hidden /> All instances
      </span>
    );
  }
  const name = instanceNames[webhook.instanceId];
  return (
    <span className="inline-flex min-w-0 items-center gap-1.5 text-sm" title={webhook.instanceId}>
      <Smartphone className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
      <span className={name ? "truncate" : "truncate font-mono text-xs"}>{name ?? webhook.instanceId}</span>
    </span>
  );
}

export function eventsSummary(webhook: Webhook): string {
  return webhook.events.length === WEBHOOK_EVENT_TYPES.length ? `All ${WEBHOOK_EVENT_TYPES.length} events` : `${webhook.events.length} event${webhook.events.length === 1 ? "" : "s"}`;
}
