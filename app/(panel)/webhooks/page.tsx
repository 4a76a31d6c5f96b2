import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { instanceListOptions } from "@/features/instances/api/instances";
import { webhookListOptions } from "@/features/webhooks/api/webhooks";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { WebhooksPageClient } from "./_components/webhooks-page-client";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(webhookListOptions({}, gateway)),
    queryClient.prefetchQuery(instanceListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <Suspense>
        <WebhooksPageClient />
      </Suspense>
    </HydrationBoundary>
  );
}
