import { HydrationBoundary } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { instanceDetailOptions } from "@/features/instances/api/instances";
import { InstanceShell } from "@/features/instances/components/instance-detail/instance-shell";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

/** Every section of an instance: the live header and the section links around it (instance-shell.tsx). */
export default async function InstanceLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  const { id } = await params;
  const state = await prefetchForPage((queryClient, gateway) => [queryClient.prefetchQuery(instanceDetailOptions(id, gateway))]);
  return (
    <HydrationBoundary state={state}>
      <InstanceShell id={id}>{children}</InstanceShell>
    </HydrationBoundary>
  );
}
