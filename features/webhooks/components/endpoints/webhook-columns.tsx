"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { KeyRound } from "lucide-react";
import { createContext, useContext } from "react";
import type { Webhook } from "@/contract/webhooks";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { Badge } from "@/shared/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";
import type { InstanceChoice } from "../../api/webhook-form-schema";
import { WebhookEnabledSwitch } from "./webhook-enabled-switch";
import { WebhookHealth } from "./webhook-health";
import { WebhookRowActions } from "./webhook-row-actions";
import { eventsSummary, WebhookScope } from "./webhook-scope";

export type WebhookColumnContext = {
  now: number;
  instances: readonly InstanceChoice[];
  instanceNames: Readonly<Record<string, string>>;
  onShowDeliveries?: (webhookId: string) => void;
};

export function EventsBadge({ webhook }: { webhook: Webhook }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Badge variant="secondary" tabIndex={0} className="cursor-default">
          {eventsSummary(webhook)}
        </Badge>
      </TooltipTrigger>
      <TooltipContent className="max-w-72">
        <span className="font-mono text-xs">{webhook.events.join(", ")}</span>
      </TooltipContent>
    </Tooltip>
  );
}

export function EndpointUrl({ webhook }: { webhook: Webhook }) {
  const exactTime = useExactTime();
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <span className="truncate font-mono text-sm" title={webhook.url} data-testid="webhook-url">
        {webhook.url}
      </span>
      {webhook.description ? <span className="truncate text-xs text-muted-foreground">{webhook.description}</span> : null}
      {webhook.headers.length > 0 ? (
        <span className="truncate text-xs text-muted-foreground">+ {webhook.headers.map((h) => h.name).join(", ")}</span>
      ) : null}
      {webhook.previousSecretExpiresAt ? (
        <span className="flex items-center gap-1 text-xs text-info" data-testid="rotation-grace">
          <KeyRound className="size-3" aria-hidden /> Old secret also signs until {exactTime(webhook.previousSecretExpiresAt)}
        </span>
      ) : null}
    </div>
  );
}

const WebhookColumnsContext = createContext<WebhookColumnContext | null>(null);

/** What the cells need that changes over time (the clock, the instance names): given to them through context. */
export const WebhookColumnsProvider = WebhookColumnsContext.Provider;

function useColumnContext(): WebhookColumnContext {
  const context = useContext(WebhookColumnsContext);
  if (!context) throw new Error("Webhook columns render inside a WebhookColumnsProvider");
  return context;
}

function ScopeCell({ webhook }: { webhook: Webhook }) {
  return <WebhookScope webhook={webhook} instanceNames={useColumnContext().instanceNames} />;
}

function HealthCell({ webhook }: { webhook: Webhook }) {
  return <WebhookHealth webhook={webhook} now={useColumnContext().now} />;
}

function ActionsCell({ webhook }: { webhook: Webhook }) {
  return <WebhookRowActions webhook={webhook} onShowDeliveries={useColumnContext().onShowDeliveries} />;
}

/**
 * Defined once. TanStack's flexRender mounts a cell function as a component, so cell functions made anew (say every
 * 30 s, with the clock) remounted every row's actions and closed the dialog an operator had open in them.
 */
export const WEBHOOK_COLUMNS: ColumnDef<Webhook>[] = [
  {
    id: "url",
    accessorKey: "url",
    meta: { label: "Endpoint", className: "max-w-0 w-[38%]" },
    header: "Endpoint",
    cell: ({ row }) => <EndpointUrl webhook={row.original} />,
  },
  {
    id: "scope",
    accessorFn: (w) => w.instanceId ?? "",
    meta: { label: "Instances" },
    header: "Instances",
    cell: ({ row }) => <ScopeCell webhook={row.original} />,
  },
  {
    id: "events",
    accessorFn: (w) => w.events.length,
    meta: { label: "Events" },
    header: "Events",
    cell: ({ row }) => <EventsBadge webhook={row.original} />,
  },
  {
    id: "enabled",
    accessorKey: "enabled",
    meta: { label: "Enabled" },
    header: "Enabled",
    cell: ({ row }) => <WebhookEnabledSwitch webhook={row.original} />,
  },
  {
    id: "health",
    accessorFn: (w) => w.health.successRate24h ?? -1,
    meta: { label: "Health" },
    header: "Health (24 h)",
    cell: ({ row }) => <HealthCell webhook={row.original} />,
  },
  {
    id: "actions",
    enableHiding: false,
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => <ActionsCell webhook={row.original} />,
  },
];
