import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { apiKeyListOptions } from "@/features/api-keys/api/api-keys";
import { instanceListOptions } from "@/features/instances/api/instances";
import { PageHeader } from "@/shared/components/layout/page-header";
import { publicApiUrl } from "@/shared/config/server-env";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { ApiPageClient } from "./_components/api-page-client";

export const metadata: Metadata = { title: "API" };

export default async function ApiPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(apiKeyListOptions(undefined, gateway)),
    queryClient.prefetchQuery(instanceListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader title="API" description="Endpoints, snippets and credentials for integrators." />
      <ApiPageClient baseUrl={publicApiUrl()} />
    </HydrationBoundary>
  );
}
