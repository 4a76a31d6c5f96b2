import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { alertChannelListOptions, alertHistoryOptions, alertRuleListOptions } from "@/features/alerts/api/alerts";
import { instanceListOptions } from "@/features/instances/api/instances";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { AlertsPageClient } from "./_components/alerts-page-client";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchInfiniteQuery(alertHistoryOptions({}, gateway)),
    queryClient.prefetchQuery(alertChannelListOptions(gateway)),
    queryClient.prefetchQuery(alertRuleListOptions(gateway)),
    queryClient.prefetchQuery(instanceListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <Suspense>
        <AlertsPageClient />
      </Suspense>
    </HydrationBoundary>
  );
}
