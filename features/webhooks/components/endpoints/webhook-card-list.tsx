"use client";

import type { Webhook } from "@/contract/webhooks";
import { Skeleton } from "@/shared/ui/skeleton";
import { EndpointUrl, EventsBadge, type WebhookColumnContext } from "./webhook-columns";
import { WebhookEnabledSwitch } from "./webhook-enabled-switch";
import { WebhookHealth } from "./webhook-health";
import { WebhookRowActions } from "./webhook-row-actions";
import { WebhookScope } from "./webhook-scope";

/** The endpoints table as cards at phone widths: same data, same actions. */
export function WebhookCardList({ webhooks, isLoading, context }: { webhooks: readonly Webhook[]; isLoading: boolean; context: WebhookColumnContext }) {
  if (isLoading) {
    return (
      <div className="flex flex-col gap-2">
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} className="h-28 w-full rounded-xl" />
        ))}
      </div>
    );
  }
  return (
    <ul className="flex flex-col gap-2" aria-label="Endpoints" data-testid="webhook-cards">
      {webhooks.map((webhook) => (
        <li key={webhook.id} className="flex flex-col gap-3 rounded-xl border bg-card p-3">
          <div className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <EndpointUrl webhook={webhook} />
            </div>
            <WebhookEnabledSwitch webhook={webhook} />
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <WebhookScope webhook={webhook} instanceNames={context.instanceNames} />
            <EventsBadge webhook={webhook} />
          </div>
          <div className="flex items-end justify-between gap-2">
            <WebhookHealth webhook={webhook} now={context.now} />
            <WebhookRowActions webhook={webhook} onShowDeliveries={context.onShowDeliveries} />
          </div>
        </li>
      ))}
    </ul>
  );
}
