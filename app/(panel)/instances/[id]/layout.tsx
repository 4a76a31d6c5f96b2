import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { instanceDetailOptions } from "@/features/instances/api/instances";
import { InstanceShell } from "@/features/instances/components/instance-detail/instance-shell";
import { ApiClientError } from "@/shared/lib/api-client";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";

/**
 * Every section of an instance: the live header and the section links around it (instance-shell.tsx). Loaded as a
 * document, an address the gateway names no instance for (deleted: 404; not an instance id: 400) answers 404 with
 * the instances' not-found page; one deleted while it is open is told by the live event, in the shell.
 */
export default async function InstanceLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  const { id } = await params;
  const state = await prefetchForPage((queryClient, gateway) => [
    // notFound() throws; thrown here, it rejects the prefetch this layout awaits, and so ends the render.
    queryClient.fetchQuery(instanceDetailOptions(id, gateway)).then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof ApiClientError && (error.status === 404 || error.status === 400)) notFound();
      },
    ),
  ]);
  return (
    <HydrationBoundary state={state}>
      <InstanceShell id={id}>{children}</InstanceShell>
    </HydrationBoundary>
  );
}
