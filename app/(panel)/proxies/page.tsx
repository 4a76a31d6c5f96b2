import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { proxyListOptions } from "@/features/proxies/api/proxies";
import { ProxiesScreen } from "@/features/proxies/components/proxies-screen";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

export const metadata: Metadata = { title: "Proxies" };

export default async function ProxiesPage() {
  const state = await prefetchForPage((queryClient, gateway) => [queryClient.prefetchQuery(proxyListOptions(gateway))]);
  return (
    <HydrationBoundary state={state}>
      <ProxiesScreen />
    </HydrationBoundary>
  );
}
