"use client";

import type { Row } from "@tanstack/react-table";
import Link from "next/link";
import { memo, type ReactNode } from "react";
import type { Instance } from "@/contract/instances";
import { Checkbox } from "@/shared/ui/checkbox";
import { Skeleton } from "@/shared/ui/skeleton";
import { lastChangeOf } from "../../lib/instance-table-view";
import { InstanceStatusBadge } from "../instance-status-badge";
import { InstanceRowActions } from "./instance-row-actions";
import { TimeAgo, useInstance } from "./live-instance-cells";

type InstanceCardProps = { row: Row<Instance>; instance: Instance; selected: boolean; showNode: boolean };

/**
 * One card; re-renders when its row's snapshot or selection changes, or (through `useInstance`) when the live
 * cache changes this instance. `row` only supplies the selection toggle, which works from any snapshot of the row.
 */
const InstanceCard = memo(
  function InstanceCard({ row, instance: snapshot, selected, showNode }: InstanceCardProps) {
    const instance = useInstance(snapshot);
    return (
      <li className="skip-offscreen flex items-start gap-3 rounded-xl border bg-card p-3 [--row-estimate:5rem]" data-state={selected ? "selected" : undefined}>
        <Checkbox checked={selected} onCheckedChange={(v) => row.toggleSelected(!!v)} aria-label={`Select ${instance.name}`} className="mt-1" />
        <div className="min-w-0 flex-1">
          <div className="flex items-center justify-between gap-2">
            <Link prefetch={false} href={`/instances/${instance.id}`} className="truncate font-medium hover:underline">
              {instance.name}
            </Link>
            <InstanceStatusBadge status={instance.status} reason={instance.statusReason} code={instance.statusCode} />
          </div>
          <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-muted-foreground">
            <span>{instance.number ? `+${instance.number}` : "not linked"}</span>
            {instance.pushName ? <span>{instance.pushName}</span> : null}
            {showNode ? <span className="break-all">on {instance.node ?? "no node"}</span> : null}
            <span>
              <TimeAgo at={lastChangeOf(instance)} />
            </span>
          </div>
        </div>
        <InstanceRowActions instance={instance} />
      </li>
    );
  },
  (a, b) => a.instance === b.instance && a.selected === b.selected && a.showNode === b.showNode,
);

/** The table as cards at phone widths: same rows, same order, same actions. */
export function InstanceCardList({ rows, isLoading, empty, showNode = false }: { rows: Row<Instance>[]; isLoading: boolean; empty?: ReactNode; showNode?: boolean }) {
  if (isLoading) {
    return (
      <div className="flex flex-col gap-2">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-20 w-full rounded-xl" />
        ))}
      </div>
    );
  }
  if (rows.length === 0) return <div className="rounded-xl border p-6 text-center text-sm">{empty ?? "No instances."}</div>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Instances" data-testid="instance-cards">
      {rows.map((row) => (
        <InstanceCard key={row.id} row={row} instance={row.original} selected={row.getIsSelected()} showNode={showNode} />
      ))}
    </ul>
  );
}
