import { queryOptions } from "@tanstack/react-query";
import { Activity, type ActivityRange } from "@/contract/stats";
import { bffTransport, type Transport } from "@/shared/lib/api-client";

// Activity over time (messages, webhook outcomes, instances by status), once for the browser and the panel's server.

const activityPaths = {
  series: (range: ActivityRange) => `/api/v1/activity?${new URLSearchParams({ range })}`,
};

const activityKeys = {
  all: ["activity"] as const,
  series: (range: ActivityRange) => [...activityKeys.all, "series", range] as const,
};

// The gateway writes what it counted every ACTIVITY_FLUSH_SECONDS (30 by default) into 5-minute points: no socket
// event reports it, so the series is polled while on screen.
const ACTIVITY_REFRESH_MS = 60_000;

export const activityOptions = (range: ActivityRange, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: activityKeys.series(range),
    queryFn: ({ signal }) => transport.request(activityPaths.series(range), { schema: Activity, signal }),
    refetchInterval: ACTIVITY_REFRESH_MS,
  });
