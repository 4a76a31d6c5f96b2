import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { PageHeader } from "@/shared/components/layout/page-header";

export const metadata: Metadata = { title: "Logs" };

export default function LogsPage() {
  return (
    <>
      <PageHeader title="Logs" description="Gateway and instance logs, live." />
      <EmptyState icon={ScrollText} title="Not available in this build yet" description="The live log viewer arrives in a coming release." />
    </>
  );
}
