import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { instanceSettingsOptions } from "@/features/instances/api/instance-settings";
import { instanceWatchdogOptions } from "@/features/instances/api/instances";
import { ProfileCard } from "@/features/instances/components/instance-settings/profile-card";
import { BehaviourSettingsCard } from "@/features/instances/components/instance-settings/behaviour-settings-card";
import { instanceProxyOptions, proxyListOptions } from "@/features/proxies/api/proxies";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { InstanceProxySlot } from "./_components/instance-proxy-slot";

export const metadata: Metadata = { title: "Instance settings" };

export default async function InstanceSettingsRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(instanceSettingsOptions(id, gateway)),
    queryClient.prefetchQuery(instanceWatchdogOptions(id, gateway)),
    queryClient.prefetchQuery(instanceProxyOptions(id, gateway)),
    queryClient.prefetchQuery(proxyListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <BehaviourSettingsCard instanceId={id} />
        </div>
        {/* The profile comes last: it is read from WhatsApp after the page loads (not prefetched, since WhatsApp can
            be slow to answer), and a card below it moved down when it filled in (layout shift 0.053 at 1350 px). */}
        <div className="flex min-w-0 flex-col gap-4">
          <InstanceProxySlot instanceId={id} />
          <ProfileCard instanceId={id} />
        </div>
      </div>
    </HydrationBoundary>
  );
}
