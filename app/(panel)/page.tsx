import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ActivityCard } from "@/features/activity/components/activity-card";
import { instanceListOptions } from "@/features/instances/api/instances";
import { STATUS_SERIES } from "@/features/instances/components/instance-status-meta";
import { InstancesOverview } from "@/features/instances/components/instances-overview";
import { healthOptions } from "@/features/system/api/health";
import { nodeListOptions } from "@/features/system/api/nodes";
import { GatewayHealthCard } from "@/features/system/components/gateway-health-card";
import { NodesCard } from "@/features/system/components/nodes-card";
import { PageHeader } from "@/shared/components/layout/page-header";
import { publicApiUrl } from "@/shared/config/server-env";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(instanceListOptions(gateway)),
    // The nodes card shows only in cluster mode: knowing the mode up front, it renders with the page.
    queryClient.prefetchQuery(nodeListOptions(gateway)),
    // The health card too: filled in after hydration, it pushed the activity card down.
    queryClient.prefetchQuery(healthOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader title="Overview" description="Your gateway and its WhatsApp numbers at a glance." />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <InstancesOverview />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <GatewayHealthCard gatewayUrl={publicApiUrl()} />
          <NodesCard />
        </div>
        {/* Loads its charts after the page (the activity query is not prefetched: its series would swell the HTML). */}
        <div className="min-w-0 lg:col-span-3">
          <ActivityCard statuses={STATUS_SERIES} />
        </div>
      </div>
    </HydrationBoundary>
  );
}
