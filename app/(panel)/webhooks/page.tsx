import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { PageHeader } from "@/shared/components/layout/page-header";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <>
      <PageHeader title="Webhooks" description="Signed, retried delivery of events to your endpoints." />
      <EmptyState icon={Webhook} title="Not available in this build yet" description="Webhook endpoints, the test tool and the delivery log arrive in a coming release." />
    </>
  );
}
