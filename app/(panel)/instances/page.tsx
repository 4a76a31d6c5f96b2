import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { instanceListOptions } from "@/features/instances/api/instances";
import { nodeListOptions } from "@/features/system/api/nodes";
import { PageHeader } from "@/shared/components/layout/page-header";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { CreateInstanceSlot } from "./_components/create-instance-slot";
import { InstancesTableSlot } from "./_components/instances-table-slot";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(instanceListOptions(gateway)),
    // The mode decides whether the table has a Node column: known up front, the table renders with its columns.
    queryClient.prefetchQuery(nodeListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader title="Instances" description="Linked WhatsApp numbers and their live connection status." actions={<CreateInstanceSlot />} />
      <Suspense>
        <InstancesTableSlot />
      </Suspense>
    </HydrationBoundary>
  );
}
