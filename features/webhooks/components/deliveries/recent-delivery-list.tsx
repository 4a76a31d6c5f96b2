"use client";

import type { Webhook, WebhookDelivery } from "@/contract/webhooks";
import { cn } from "@/shared/lib/cn";
import { DELIVERY_STATUS_META } from "../delivery-status";
import { StatusCode } from "../delivery-status-badge";
import { DeliveryTime, shortUrl } from "./delivery-cells";

const ICON_TONE = { secondary: "text-muted-foreground", warning: "text-warning", success: "text-success", destructive: "text-destructive", outline: "text-muted-foreground" } as const;

/** One line per delivery, for a card: state icon, event, endpoint, answer, time; each line opens the drawer. */
export function RecentDeliveryList({
  deliveries,
  webhooks,
  now,
  onOpen,
}: {
  deliveries: readonly WebhookDelivery[];
  webhooks: ReadonlyMap<string, Webhook>;
  now: number;
  onOpen: (deliveryId: string) => void;
}) {
  return (
    <ul className="flex flex-col divide-y rounded-lg border" aria-label="Recent deliveries">
      {deliveries.map((d) => {
        const meta = DELIVERY_STATUS_META[d.status];
        const webhook = webhooks.get(d.webhookId);
        return (
          <li key={d.id}>
            <button
              type="button"
              onClick={() => onOpen(d.id)}
              aria-label={`Open ${d.event} delivery ${d.id}`}
              data-event-id={d.eventId}
              data-status={d.status}
              className="flex w-full min-w-0 items-center gap-2 px-3 py-2 text-left text-sm transition-colors hover:bg-muted/50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
            >
              <meta.icon className={cn("size-4 shrink-0", ICON_TONE[meta.variant])} aria-hidden />
              <span className="sr-only">{meta.label}</span>
              <span className="shrink-0 font-mono text-xs">{d.event}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground">{webhook ? shortUrl(webhook.url) : d.webhookId}</span>
              <StatusCode code={d.lastStatusCode} className="text-xs" />
              <DeliveryTime delivery={d} now={now} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
