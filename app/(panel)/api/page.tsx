import type { Metadata } from "next";
import { PageHeader } from "@/shared/components/layout/page-header";
import { publicApiUrl } from "@/shared/config/server-env";
import { ApiPageClient } from "./_components/api-page-client";

export const metadata: Metadata = { title: "API" };

export default function ApiPage() {
  return (
    <>
      <PageHeader title="API" description="Endpoints, snippets and credentials for integrators." />
      <ApiPageClient baseUrl={publicApiUrl()} />
    </>
  );
}
