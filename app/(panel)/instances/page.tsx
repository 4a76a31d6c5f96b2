import type { Metadata } from "next";
import { Suspense } from "react";
import { instanceListServerQuery } from "@/features/instances/api/server-queries";
import { CreateInstanceDialog } from "@/features/instances/components/create-instance-dialog";
import { InstancesTable } from "@/features/instances/components/instances-table/instances-table";
import { ServerData } from "@/shared/components/data/server-data";
import { PageHeader } from "@/shared/components/layout/page-header";
import { prefetchQueries } from "@/shared/lib/server/server-prefetch";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const state = await prefetchQueries([instanceListServerQuery()]);
  return (
    <ServerData state={state}>
      <PageHeader title="Instances" description="Linked WhatsApp numbers and their live connection status." actions={<CreateInstanceDialog />} />
      <Suspense>
        <InstancesTable />
      </Suspense>
    </ServerData>
  );
}
