"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight, ScrollText } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { clockTime, exactTime } from "@/shared/lib/format-time";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { Badge } from "@/shared/ui/badge";
import { liveLogOptions, recentInstanceLogOptions } from "../api/logs";
import { compareEntries } from "../lib/log-view";
import { useLogSubscription } from "./use-log-subscription";
import { LEVEL_META, SOURCE_LABELS } from "./log-level";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

const SHOWN = 15;

/** An instance's newest log entries, live, with a way into the full viewer filtered to it. */
export function InstanceRecentLogs({ instanceId }: { instanceId: string }) {
  useLogSubscription(instanceId);
  const recent = useQuery(recentInstanceLogOptions(instanceId));
  const live = useQuery(liveLogOptions()).data;
  const entries = useMemo(() => {
    const seen = new Set<string>();
    const merged = [...bufferSlice(live).filter((e) => e.instanceId === instanceId), ...(recent.data?.items ?? [])].filter((e) => !seen.has(e.id) && seen.add(e.id));
    return merged.sort((a, b) => compareEntries(b, a)).slice(0, SHOWN);
  }, [live, recent.data, instanceId]);

  return (
    <Card data-testid="instance-recent-logs">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ScrollText className="size-4" aria-hidden /> Recent log
        </CardTitle>
        <CardDescription>This instance&apos;s newest entries, live.</CardDescription>
        <CardAction>
          <Button asChild variant="outline" size="sm">
            <Link prefetch={false} href={`/logs?instance=${encodeURIComponent(instanceId)}`}>
              Open in Logs <ArrowRight aria-hidden />
            </Link>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {recent.isPending ? (
          <div className="flex flex-col gap-2">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-5 w-full" />
            ))}
          </div>
        ) : recent.isError ? (
          <InlineLoadError what="Could not load the log" error={recent.error} />
        ) : entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing logged for this instance in the last 7 days.</p>
        ) : (
          <ol className="flex flex-col divide-y text-xs">
            {entries.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-start gap-x-2 gap-y-0.5 py-1.5 sm:flex-nowrap" data-level={entry.level}>
                <time dateTime={entry.time} title={exactTime(entry.time)} className="mt-0.5 shrink-0 font-mono tabular-nums text-muted-foreground">
                  {clockTime(entry.time)}
                </time>
                <Badge variant={LEVEL_META[entry.level].badge} className="w-12 uppercase">
                  {entry.level}
                </Badge>
                <span className="mt-0.5 w-16 shrink-0 text-muted-foreground">{SOURCE_LABELS[entry.source]}</span>
                <span className="mt-0.5 min-w-0 basis-full break-words font-mono sm:basis-auto sm:flex-1">{entry.message}</span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
