import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { alertChannelListOptions, alertHistoryOptions } from "@/features/alerts/api/alerts";
import { AlertsScreen } from "@/features/alerts/components/alerts-screen";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchInfiniteQuery(alertHistoryOptions({}, gateway)),
    queryClient.prefetchQuery(alertChannelListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <Suspense>
        <AlertsScreen />
      </Suspense>
    </HydrationBoundary>
  );
}
