import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { instanceListOptions } from "@/features/instances/api/instances";
import { CreateInstanceDialog } from "@/features/instances/components/create-instance-dialog";
import { InstancesTable } from "@/features/instances/components/instances-table/instances-table";
import { PageHeader } from "@/shared/components/layout/page-header";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const state = await prefetchForPage((queryClient, gateway) => [queryClient.prefetchQuery(instanceListOptions(gateway))]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader title="Instances" description="Linked WhatsApp numbers and their live connection status." actions={<CreateInstanceDialog />} />
      <Suspense>
        <InstancesTable />
      </Suspense>
    </HydrationBoundary>
  );
}
