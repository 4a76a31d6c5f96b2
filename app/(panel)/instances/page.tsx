import type { Metadata } from "next";
import { Suspense } from "react";
import { CreateInstanceDialog } from "@/features/instances/components/create-instance-dialog";
import { InstancesTable } from "@/features/instances/components/instances-table/instances-table";
import { PageHeader } from "@/shared/components/layout/page-header";

export const metadata: Metadata = { title: "Instances" };

export default function InstancesPage() {
  return (
    <>
      <PageHeader title="Instances" description="Linked WhatsApp numbers and their live connection status." actions={<CreateInstanceDialog />} />
      <Suspense>
        <InstancesTable />
      </Suspense>
    </>
  );
}
