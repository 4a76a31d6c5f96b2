"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { Webhook, WebhookDelivery } from "@/contract/webhooks";
import { DeliveryStatusBadge } from "../delivery-status-badge";
import { DeliveryEndpoint, DeliveryMarkers, DeliveryResult, DeliveryTime, NextRetry } from "./delivery-cells";

export type DeliveryColumnContext = {
  now: number;
  webhooks: ReadonlyMap<string, Webhook>;
  instanceNames: Readonly<Record<string, string>>;
  onOpen: (deliveryId: string) => void;
  /** Off on an instance's page, where every row is that instance's. */
  showInstance: boolean;
};

/** Filter state only: the gateway filters (manualFiltering), the columns just carry the values. */
const serverFiltered = { enableSorting: false, filterFn: () => true } as const;

export function deliveryColumns({ now, webhooks, instanceNames, onOpen, showInstance }: DeliveryColumnContext): ColumnDef<WebhookDelivery>[] {
  return [
    {
      id: "status",
      accessorKey: "status",
      meta: { label: "Status" },
      header: "Status",
      ...serverFiltered,
      // A retrying delivery says when it tries next under its badge (a column of its own was mostly "—" and pushed
      // the table past its card at 1280 px).
      cell: ({ row }) => (
        <div className="flex flex-col items-start gap-1">
          <DeliveryStatusBadge status={row.original.status} />
          {row.original.status === "retrying" && row.original.nextAttemptAt ? (
            <span className="text-xs text-muted-foreground">
              Next retry <NextRetry delivery={row.original} now={now} />
            </span>
          ) : null}
        </div>
      ),
    },
    {
      id: "event",
      accessorKey: "event",
      meta: { label: "Event" },
      header: "Event",
      ...serverFiltered,
      cell: ({ row }) => (
        <div className="flex flex-col items-start gap-1">
          <button
            type="button"
            onClick={() => onOpen(row.original.id)}
            className="rounded-sm font-mono text-sm underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={`Open ${row.original.event} delivery ${row.original.id}`}
            data-event-id={row.original.eventId}
          >
            {row.original.event}
          </button>
          {row.original.test || row.original.replayOf ? (
            <span className="flex gap-1">
              <DeliveryMarkers delivery={row.original} />
            </span>
          ) : null}
        </div>
      ),
    },
    {
      id: "webhook",
      accessorKey: "webhookId",
      meta: { label: "Endpoint" },
      header: showInstance ? "Endpoint / instance" : "Endpoint",
      ...serverFiltered,
      cell: ({ row }) => {
        const instanceId = row.original.instanceId;
        return (
          <div className="flex min-w-0 flex-col gap-0.5">
            <DeliveryEndpoint webhook={webhooks.get(row.original.webhookId)} webhookId={row.original.webhookId} />
            {showInstance && instanceId ? (
              <span className={instanceNames[instanceId] ? "max-w-48 truncate text-xs text-muted-foreground" : "font-mono text-xs text-muted-foreground"}>{instanceNames[instanceId] ?? instanceId}</span>
            ) : null}
          </div>
        );
      },
    },
    // Filter state only (the instance shows in the endpoint column).
    { id: "instance", accessorFn: (d) => d.instanceId ?? "", ...serverFiltered, enableHiding: false },
    {
      id: "attempts",
      accessorKey: "attempts",
      meta: { label: "Attempts", className: "text-right" },
      header: () => <span className="block text-right">Attempts</span>,
      enableSorting: false,
      cell: ({ row }) => <span className="block text-right font-mono text-sm">{row.original.attempts}</span>,
    },
    {
      id: "result",
      accessorFn: (d) => d.lastStatusCode ?? 0,
      meta: { label: "Last answer" },
      header: "Last answer",
      enableSorting: false,
      cell: ({ row }) => <DeliveryResult delivery={row.original} />,
    },
    {
      id: "createdAt",
      accessorKey: "createdAt",
      meta: { label: "Time" },
      header: "Time",
      enableSorting: false,
      cell: ({ row }) => <DeliveryTime delivery={row.original} now={now} />,
    },
  ];
}
