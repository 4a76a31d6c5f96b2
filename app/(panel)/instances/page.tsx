import { Smartphone } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { PageHeader } from "@/shared/components/layout/page-header";

export const metadata: Metadata = { title: "Instances" };

export default function InstancesPage() {
  return (
    <>
      <PageHeader title="Instances" description="Linked WhatsApp numbers and their live connection status." />
      <EmptyState icon={Smartphone} title="Not available in this build yet" description="Linking numbers by QR or pairing code, and the live instance table, arrive in the next release of the panel." />
    </>
  );
}
