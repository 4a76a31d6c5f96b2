"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { Instance } from "@/contract/instances";
import { DataTableColumnHeader } from "@/shared/components/data-table/data-table-column-header";
import { facetFilterFn } from "@/shared/components/data-table/data-table-faceted-filter";
import { selectionColumn } from "@/shared/components/data-table/selection-column";
import { STATUS_ORDER } from "../instance-status";
import { InstanceRowActions } from "./instance-row-actions";
import { lastChangeOf, LiveLastChange, LiveStatusBadge } from "./live-instance-cells";

// Sorting, filtering and facet counts use the table's snapshot of the list (refreshed a few times a second); the
// status and time cells follow the live cache on their own, so a status change repaints one cell, not the table.
export function instanceColumns(): ColumnDef<Instance>[] {
  return [
    selectionColumn<Instance>({ getRowLabel: (row) => row.original.name }),
    {
      accessorKey: "name",
      meta: { label: "Name" },
      // "text" compares lowercased strings; the default (alphanumeric) splits every name on each comparison.
      sortingFn: "text",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Name" />,
      cell: ({ row }) => (
        <Link href={`/instances/${row.original.id}`} className="rounded-sm font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          {row.original.name}
        </Link>
      ),
    },
    {
      accessorKey: "status",
      meta: { label: "Status" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Status" />,
      cell: ({ row }) => <LiveStatusBadge instance={row.original} />,
      sortingFn: (a, b) => STATUS_ORDER.indexOf(a.original.status) - STATUS_ORDER.indexOf(b.original.status),
      filterFn: facetFilterFn,
    },
    {
      accessorKey: "number",
      meta: { label: "Number" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Number" />,
      cell: ({ row }) => (row.original.number ? <span className="font-mono text-sm">+{row.original.number}</span> : <span className="text-muted-foreground">—</span>),
      sortUndefined: "last",
    },
    {
      accessorKey: "pushName",
      meta: { label: "Push name" },
      header: ({ column }) => <DataTableColumnHeader column={column} title="Push name" />,
      cell: ({ row }) => row.original.pushName ?? <span className="text-muted-foreground">—</span>,
      sortUndefined: "last",
    },
    {
      id: "lastChange",
      accessorFn: lastChangeOf,
      meta: { label: "Connected since / last change" },
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
