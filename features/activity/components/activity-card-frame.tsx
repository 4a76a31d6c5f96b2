import type { ReactNode } from "react";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { DEFAULT_RANGE, RANGE_COPY } from "../lib/activity-ranges";

// The activity card's frame and skeleton, apart from the charts: they show while the charts' code (Recharts) loads,
// so they must not import it.

export function ActivityCardFrame({ description, action, children }: { description: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card data-testid="activity">
      <CardHeader>
        <CardTitle>
          <h2>Activity</h2>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
        {action ? <CardAction>{action}</CardAction> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The height every chart panel takes, loaded or not, so nothing moves when the charts arrive. */
export const CHART_HEIGHT = "h-56";

export function ActivityPanelsSkeleton() {
  return (
    <div className="grid gap-6 md:grid-cols-2" aria-busy="true">
      <span className="sr-only">Loading activity…</span>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="flex flex-col gap-3">
          <Skeleton className="h-4 w-40" />
          <Skeleton className={`${CHART_HEIGHT} w-full`} />
        </div>
      ))}
    </div>
  );
}

export function ActivityCardSkeleton() {
  return (
    <ActivityCardFrame description={RANGE_COPY[DEFAULT_RANGE].description}>
      <ActivityPanelsSkeleton />
    </ActivityCardFrame>
  );
}
