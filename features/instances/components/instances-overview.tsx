"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight, CheckCircle2 } from "lucide-react";
import Link from "next/link";
import type { Instance, InstanceStatus } from "@/contract/instances";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceListOptions } from "../api/instances";
import { ATTENTION_STATUSES, STATUS_ORDER } from "../lib/instance-status";
import { STATUS_META } from "./instance-status-meta";
import { InstanceStatusBadge } from "./instance-status-badge";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

const LONG_RECONNECTING_MS = 2 * 60_000;
const ATTENTION_SHOWN = 8;

function needsAttention(instance: Instance, now: number) {
  if (ATTENTION_STATUSES.includes(instance.status)) return true;
  return instance.status === "RECONNECTING" && now - Date.parse(instance.updatedAt) > LONG_RECONNECTING_MS;
}

/** The status tiles' grid: six across only where a card still fits its longest label ("Disconnected") on one line beside its icon. */
const TILE_GRID = "grid grid-cols-2 gap-3 @md:grid-cols-3 @4xl:grid-cols-6";
const TILE = "min-w-0 rounded-xl border bg-card p-4";

function AttentionHeader() {
  return (
    <CardHeader>
      <CardTitle>Needs attention</CardTitle>
      <CardDescription>Waiting for a scan, stopped, failed, or reconnecting for more than two minutes.</CardDescription>
    </CardHeader>
  );
}

/**
 * While the list loads (a visit within the page: nothing was prefetched), the same tiles and card with their numbers
 * and rows still to come, as tall as what they will show: a shorter placeholder would bring the activity card below
 * on screen for a moment, and it loads its charts as soon as it is seen.
 */
function InstancesOverviewLoading() {
  return (
    <div className="@container flex flex-col gap-4" aria-busy="true" data-testid="instances-overview-loading">
      <div className={TILE_GRID}>
        {STATUS_ORDER.map((status) => (
          <div key={status} className={TILE}>
            <Skeleton className="h-4 w-20" />
            <Skeleton className="mt-1 h-8 w-10" />
          </div>
        ))}
      </div>
      <Card>
        <AttentionHeader />
        <CardContent>
          <Skeleton className="h-5 w-2/3" />
        </CardContent>
      </Card>
    </div>
  );
}

/** Counts by status and the instances that need someone, each one click away. */
export function InstancesOverview() {
  const list = useQuery(instanceListOptions());
  const now = useNow(15_000);
  if (list.isPending) return <InstancesOverviewLoading />;
  if (list.isError) {
    return (
      <Card>
        <CardContent>
          <InlineLoadError what="Could not load instances" error={list.error} />
        </CardContent>
      </Card>
    );
  }
  const counts = new Map<InstanceStatus, number>();
  for (const i of list.data) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  const attentionAll = list.data.filter((i) => needsAttention(i, now));
  const attention = attentionAll.slice(0, ATTENTION_SHOWN);
  // The instance list filters by status only, so the link names the statuses of everything listed here.
  const attentionStatuses = STATUS_ORDER.filter((status) => attentionAll.some((i) => i.status === status));
  return (
    <div className="@container flex flex-col gap-4">
      <div className={TILE_GRID} data-testid="status-counts">
        {STATUS_ORDER.map((status) => {
          const meta = STATUS_META[status];
          return (
            <Link
              prefetch={false}
              key={status}
              href={`/instances?filter.status=${status}`}
              className={`${TILE} outline-none transition-colors hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring`}
            >
              <div className="flex min-w-0 items-center gap-2 text-xs text-muted-foreground">
                <meta.icon className="size-3.5 shrink-0" aria-hidden />
                <span className="truncate whitespace-nowrap" data-status-label>
                  {meta.label}
                </span>
              </div>
              <div className="mt-1 text-2xl font-semibold tabular-nums" data-status-count={status}>
                {counts.get(status) ?? 0}
              </div>
            </Link>
          );
        })}
      </div>
      <Card>
        <AttentionHeader />
        <CardContent>
          {attention.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <CheckCircle2 className="size-4 text-success" aria-hidden />
              {list.data.length === 0 ? "No instances yet. Create one under Instances." : "Nothing needs you right now."}
            </p>
          ) : (
            <ul className="flex flex-col divide-y" data-testid="attention-list">
              {attention.map((instance) => (
                <li key={instance.id}>
                  <Link prefetch={false} href={`/instances/${instance.id}`} className="group flex items-center gap-3 rounded-md py-2.5 outline-none focus-visible:ring-2 focus-visible:ring-ring">
                    <InstanceStatusBadge status={instance.status} />
                    <span className="min-w-0 flex-1 truncate text-sm font-medium">{instance.name}</span>
                    <span className="hidden truncate text-xs text-muted-foreground sm:block">{instance.statusReason}</span>
                    <span className="shrink-0 text-xs text-muted-foreground">{timeAgo(instance.updatedAt, now)}</span>
                    <ArrowRight className="size-4 shrink-0 text-muted-foreground group-hover:text-foreground" aria-hidden />
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {attentionAll.length > attention.length ? (
            <Link
              prefetch={false}
              href={`/instances?filter.status=${attentionStatuses.join(",")}`}
              className="mt-3 inline-flex items-center gap-1 rounded-md text-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
            >
              Show all {attentionAll.length} in Instances <ArrowRight className="size-4" aria-hidden />
            </Link>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
