import type { Metadata } from "next";
import { apiKeyListServerQuery } from "@/features/api-keys/api/server-queries";
import { instanceListServerQuery } from "@/features/instances/api/server-queries";
import { ServerData } from "@/shared/components/data/server-data";
import { PageHeader } from "@/shared/components/layout/page-header";
import { publicApiUrl } from "@/shared/config/server-env";
import { prefetchQueries } from "@/shared/lib/server/server-prefetch";
import { ApiPageClient } from "./_components/api-page-client";

export const metadata: Metadata = { title: "API" };

export default async function ApiPage() {
  const state = await prefetchQueries([apiKeyListServerQuery(), instanceListServerQuery()]);
  return (
    <ServerData state={state}>
      <PageHeader title="API" description="Endpoints, snippets and credentials for integrators." />
      <ApiPageClient baseUrl={publicApiUrl()} />
    </ServerData>
  );
}
