"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceHistoryOptions } from "../../api/instances";
import { InstanceStatusBadge } from "../instance-status-badge";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

/** Every status change with its reason in plain words, newest first, updated live. */
export function StatusHistoryTimeline({ instanceId }: { instanceId: string }) {
  const history = useQuery(instanceHistoryOptions(instanceId));
  const now = useNow(15_000);
  const exactTime = useExactTime();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <History className="size-4" aria-hidden /> Status history
        </CardTitle>
        <CardDescription>Why the connection changed, newest first.</CardDescription>
      </CardHeader>
      <CardContent>
        {history.isPending ? (
          <div className="flex flex-col gap-3">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : history.isError ? (
          <InlineLoadError what="Could not load the history" error={history.error} />
        ) : (
          <ol className="relative flex flex-col gap-4 border-l pl-5" data-testid="status-history">
            {history.data.items.map((entry) => (
              <li key={entry.seq} className="relative">
                <span className="absolute -left-[25px] top-1.5 size-2 rounded-full bg-border ring-4 ring-card" aria-hidden />
                <div className="flex flex-wrap items-center gap-2">
                  <InstanceStatusBadge status={entry.status} />
                  {entry.statusCode ? <span className="font-mono text-xs text-muted-foreground">code {entry.statusCode}</span> : null}
                  <time dateTime={entry.at} title={exactTime(entry.at)} className="ml-auto text-xs text-muted-foreground">
                    {timeAgo(entry.at, now)}
                  </time>
                </div>
                {entry.statusReason ? <p className="mt-1 text-sm text-muted-foreground">{entry.statusReason}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
