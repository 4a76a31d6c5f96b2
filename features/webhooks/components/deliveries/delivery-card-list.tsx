"use client";

import type { ReactNode } from "react";
import type { Webhook, WebhookDelivery } from "@/contract/webhooks";
import { Skeleton } from "@/shared/ui/skeleton";
import { DeliveryStatusBadge } from "../delivery-status-badge";
import { DeliveryEndpoint, DeliveryMarkers, DeliveryResult, DeliveryTime, NextRetry } from "./delivery-cells";

/** Deliveries as cards at phone widths; each card opens the drawer. */
export function DeliveryCardList({
  deliveries,
  isLoading,
  empty,
  now,
  webhooks,
  onOpen,
}: {
  deliveries: readonly WebhookDelivery[];
  isLoading: boolean;
  empty: ReactNode;
  now: number;
  webhooks: ReadonlyMap<string, Webhook>;
  onOpen: (deliveryId: string) => void;
}) {
  if (isLoading) {
    return (
      <div className="flex flex-col gap-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-16 w-full rounded-xl" />
        ))}
      </div>
    );
  }
  if (deliveries.length === 0) return <div className="rounded-xl border p-6 text-center text-sm">{empty}</div>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Deliveries">
      {deliveries.map((d) => (
        <li key={d.id}>
          <button
            type="button"
            onClick={() => onOpen(d.id)}
            aria-label={`Open ${d.event} delivery ${d.id}`}
            data-event-id={d.eventId}
            className="flex w-full min-w-0 flex-col gap-1.5 rounded-xl border bg-card p-3 text-left transition-colors hover:bg-muted/50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <span className="flex w-full items-center justify-between gap-2">
              <span className="truncate font-mono text-sm">{d.event}</span>
              <DeliveryTime delivery={d} now={now} />
            </span>
            <span className="flex flex-wrap items-center gap-1.5">
              <DeliveryStatusBadge status={d.status} />
              <DeliveryMarkers delivery={d} />
              <span className="ml-auto text-xs text-muted-foreground">
                {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
              </span>
            </span>
            <span className="flex w-full min-w-0 items-center justify-between gap-2 text-sm">
              <DeliveryEndpoint webhook={webhooks.get(d.webhookId)} webhookId={d.webhookId} />
              <DeliveryResult delivery={d} />
            </span>
            {d.status === "retrying" ? (
              <span className="text-xs text-muted-foreground">
                Next retry <NextRetry delivery={d} now={now} />
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
