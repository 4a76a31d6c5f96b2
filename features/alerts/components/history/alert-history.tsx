"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { BellRing, Loader2 } from "lucide-react";
import { useState } from "react";
import type { AlertState } from "@/contract/alerts";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { InlineLoadError, LoadErrorState } from "@/shared/components/feedback/load-error-state";
import { useNow } from "@/shared/hooks/use-now";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { ToggleGroup, ToggleGroupItem } from "@/shared/ui/toggle-group";
import { alertHistoryOptions } from "../../api/alerts";
import { STATE_LABELS } from "../../lib/alert-words";
import { AlertHistoryItem } from "./alert-history-item";

const ALL = "all";
const STATES: readonly AlertState[] = ["firing", "acknowledged", "resolved"];

/** Every alert, newest first, by state, a page at a time; polled while on screen (alerts have no socket events). */
export function AlertHistory() {
  const [state, setState] = useState<AlertState | typeof ALL>(ALL);
  const history = useInfiniteQuery(alertHistoryOptions(state === ALL ? {} : { state: [state] }));
  const now = useNow(30_000);
  const alerts = history.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex flex-col gap-4">
      <ToggleGroup type="single" value={state} onValueChange={(value) => value && setState(value as AlertState | typeof ALL)} aria-label="Show alerts">
        <ToggleGroupItem value={ALL}>All</ToggleGroupItem>
        {STATES.map((s) => (
          <ToggleGroupItem key={s} value={s}>
            {STATE_LABELS[s]}
          </ToggleGroupItem>
        ))}
      </ToggleGroup>

      {history.isPending ? (
        <div className="flex flex-col gap-2" role="status" aria-label="Loading alerts">
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} className="h-28 w-full rounded-xl" />
          ))}
        </div>
      ) : history.isError && !history.data ? (
        <LoadErrorState title="Could not load the alerts" error={history.error} onRetry={() => void history.refetch()} />
      ) : alerts.length === 0 ? (
        <EmptyState
          icon={BellRing}
          title={state === ALL ? "No alerts yet" : `No ${STATE_LABELS[state].toLowerCase()} alerts`}
          description="When a rule's condition holds, its alert appears here with what it covers and where its notices went."
        />
      ) : (
        <>
          {history.isError ? <InlineLoadError what="Could not refresh the alerts" error={history.error} onRetry={() => void history.refetch()} /> : null}
          <ul className="flex flex-col gap-2" aria-label="Alerts" data-testid="alert-history">
            {alerts.map((alert) => (
              <AlertHistoryItem key={alert.id} alert={alert} now={now} />
            ))}
          </ul>
          {history.hasNextPage ? (
            <Button variant="outline" className="self-center" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
              {history.isFetchingNextPage ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null} Load more
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
