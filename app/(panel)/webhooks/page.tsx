import type { Metadata } from "next";
import { Suspense } from "react";
import { instanceListServerQuery } from "@/features/instances/api/server-queries";
import { webhookListServerQuery } from "@/features/webhooks/api/server-queries";
import { ServerData } from "@/shared/components/data/server-data";
import { prefetchQueries } from "@/shared/lib/server/server-prefetch";
import { WebhooksPageClient } from "./_components/webhooks-page-client";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const state = await prefetchQueries([webhookListServerQuery(), instanceListServerQuery()]);
  return (
    <ServerData state={state}>
      <Suspense>
        <WebhooksPageClient />
      </Suspense>
    </ServerData>
  );
}
