"use client";

import { useQuery } from "@tanstack/react-query";
import { ChartNoAxesCombined } from "lucide-react";
import { useMemo, useState } from "react";
import { ACTIVITY_RANGES, type Activity, type ActivityRange } from "@/contract/stats";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { InlineLoadError, LoadErrorState } from "@/shared/components/feedback/load-error-state";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { activityOptions } from "../api/activity";
import { DEFAULT_RANGE, RANGE_COPY } from "../lib/activity-ranges";
import { activityRows, describeActivity, summarizeActivity, type StatusSeries } from "../lib/activity-series";
import { ActivityCardFrame, ActivityPanelsSkeleton } from "./activity-card-frame";
import { InstancesByStatusChart, MessagesChart, WebhookLatencyChart, WebhookSuccessChart } from "./activity-series-charts";

/** The Overview's activity card: a range toggle and, per range, instances by status, messages and webhooks over time. */
export function ActivityCharts({ statuses }: { statuses: readonly StatusSeries[] }) {
  const [range, setRange] = useState<ActivityRange>(DEFAULT_RANGE);
  return (
    <Tabs value={range} onValueChange={(value) => setRange(ACTIVITY_RANGES.find((r) => r === value) ?? DEFAULT_RANGE)}>
      <ActivityCardFrame
        description={RANGE_COPY[range].description}
        action={
          <TabsList aria-label="Time range">
            {ACTIVITY_RANGES.map((r) => (
              <TabsTrigger key={r} value={r} className="px-3">
                {RANGE_COPY[r].tab}
              </TabsTrigger>
            ))}
          </TabsList>
        }
      >
        {ACTIVITY_RANGES.map((r) => (
          // Radix renders a tab's content only while it is selected: one range is fetched and drawn at a time.
          <TabsContent key={r} value={r}>
            <RangeCharts range={r} statuses={statuses} />
          </TabsContent>
        ))}
      </ActivityCardFrame>
    </Tabs>
  );
}

function RangeCharts({ range, statuses }: { range: ActivityRange; statuses: readonly StatusSeries[] }) {
  const activity = useQuery(activityOptions(range));
  if (activity.isPending) return <ActivityPanelsSkeleton />;
  if (!activity.data) return <LoadErrorState title="Could not load activity" error={activity.error} onRetry={() => void activity.refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      {/* A failed refresh keeps the last series on screen, marked as such. */}
      {activity.isError ? <InlineLoadError what="Could not refresh the activity" error={activity.error} onRetry={() => void activity.refetch()} /> : null}
      <Charts range={range} series={activity.data} statuses={statuses} />
    </div>
  );
}

function Charts({ range, series, statuses }: { range: ActivityRange; series: Activity; statuses: readonly StatusSeries[] }) {
  const { rows, summary } = useMemo(() => ({ rows: activityRows(series), summary: summarizeActivity(series) }), [series]);
  if (summary.empty) {
    return (
      <EmptyState
        icon={ChartNoAxesCombined}
        title="No activity yet"
        description={`Nothing was recorded over ${RANGE_COPY[range].span}. Messages, webhook deliveries and instances by status show here as the gateway counts them.`}
      />
    );
  }
  const text = describeActivity(range, summary, statuses);
  const axis = { range, rows, from: Date.parse(series.from), to: Date.parse(series.to) };
  const attempts = summary.delivered + summary.failed;
  return (
    <div className="grid gap-x-6 gap-y-8 md:grid-cols-2">
      <InstancesByStatusChart {...axis} summary={text.instances} statuses={statuses} />
      <MessagesChart {...axis} summary={text.messages} />
      <WebhookSuccessChart {...axis} summary={text.successRate} attempts={attempts} />
      <WebhookLatencyChart {...axis} summary={text.latency} attempts={attempts} />
    </div>
  );
}
