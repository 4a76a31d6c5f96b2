import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { PageHeader } from "@/shared/components/layout/page-header";

export const metadata: Metadata = { title: "API" };

export default function ApiPage() {
  return (
    <>
      <PageHeader title="API" description="Endpoints, snippets and credentials for integrators." />
      <EmptyState icon={KeyRound} title="Not available in this build yet" description="The endpoint browser, API keys and instance tokens arrive in a coming release. The gateway already publishes its OpenAPI document at /openapi.json." />
    </>
  );
}
