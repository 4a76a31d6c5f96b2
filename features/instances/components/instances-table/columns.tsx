"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { Instance } from "@/contract/instances";
import { DataTableColumnHeader } from "@/shared/components/data-table/data-table-column-header";
import { selectionColumn } from "@/shared/components/data-table/selection-column";
import { lastChangeOf } from "../../lib/instance-table-view";
import { InstanceRowActions } from "./instance-row-actions";
import { LiveLastChange, LiveStatusBadge } from "./live-instance-cells";

/** Cluster mode only: the node running the instance. Live events do not move instances; a list refetch does. */
const nodeColumn: ColumnDef<Instance> = {
  accessorKey: "node",
  meta: { label: "Node" },
  header: ({ column }) => <DataTableColumnHeader column={column} title="Node" />,
  cell: ({ row }) => (row.original.node ? <span className="font-mono text-sm break-all">{row.original.node}</span> : <span className="text-muted-foreground">—</span>),
};

// The table gets one page of the list: deriveInstanceTable sorts and filters (how each column sorts
// lives there). The status and time cells follow the live cache on their own, so a status change repaints one cell.
// In single mode there is no Node column at all (not even in the view options).
export function instanceColumns({ clusterMode = false }: { clusterMode?: boolean } = {}): ColumnDef<Instance>[] {
  return [
    selectionColumn<Instance>({ getRowLabel: (row) => row.original.name }),
    {
      accessorKey: "name",
      meta: { label: "Name" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Name" />,
      cell: ({ row }) => (
        <Link prefetch={false} href={`/instances/${row.original.id}`} className="rounded-sm font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          {row.original.name}
        </Link>
      ),
    },
    {
      accessorKey: "status",
      // Wide enough for every badge, so a live status change does not shift the columns (and relayout the table).
      meta: { label: "Status", className: "w-36" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Status" />,
      cell: ({ row }) => <LiveStatusBadge instance={row.original} />,
    },
    {
      accessorKey: "number",
      meta: { label: "Number" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Number" />,
      cell: ({ row }) => (row.original.number ? <span className="font-mono text-sm">+{row.original.number}</span> : <span className="text-muted-foreground">—</span>),
    },
    {
      accessorKey: "pushName",
      meta: { label: "Push name" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Push name" />,
      cell: ({ row }) => row.original.pushName ?? <span className="text-muted-foreground">—</span>,
    },
    ...(clusterMode ? [nodeColumn] : []),
    {
      id: "lastChange",
      accessorFn: lastChangeOf,
      meta: { label: "Connected since / last change", className: "w-52" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Since" />,
      cell: ({ row }) => <LiveLastChange instance={row.original} />,
    },
    {
      id: "actions",
      enableSorting: false,
      enableHiding: false,
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => <InstanceRowActions instance={row.original} />,
    },
  ];
}
