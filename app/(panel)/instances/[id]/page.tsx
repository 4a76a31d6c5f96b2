import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { apiKeyListOptions } from "@/features/api-keys/api/api-keys";
import {
  instanceHistoryOptions,
  instanceQrOptions,
  instanceSendQueueOptions,
  instanceUptimeOptions,
  instanceWatchdogOptions,
} from "@/features/instances/api/instances";
import { InstanceRecentLogs } from "@/features/logs/components/instance-recent-logs";
import { nodeListOptions } from "@/features/system/api/nodes";
import { webhookListOptions } from "@/features/webhooks/api/webhooks";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { InstancePageSlot } from "./_components/instance-page-slot";
import { InstanceTokensSlot } from "./_components/instance-tokens-slot";
import { InstanceWebhooksSlot } from "../../webhooks/_components/instance-webhooks-slot";

export const metadata: Metadata = { title: "Instance" };

export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The instance itself is the layout's; nothing on the page needs the instance list.
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(instanceQrOptions(id, gateway)),
    queryClient.prefetchQuery(instanceHistoryOptions(id, gateway)),
    queryClient.prefetchQuery(instanceSendQueueOptions(id, gateway)),
    queryClient.prefetchQuery(instanceUptimeOptions(id, "24h", gateway)),
    queryClient.prefetchQuery(instanceWatchdogOptions(id, gateway)),
    queryClient.prefetchQuery(apiKeyListOptions(id, gateway)),
    queryClient.prefetchQuery(webhookListOptions({ instanceId: id }, gateway)),
    queryClient.prefetchQuery(webhookListOptions({}, gateway)),
    queryClient.prefetchQuery(nodeListOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <InstancePageSlot id={id} tokensSlot={<InstanceTokensSlot instanceId={id} />} webhooksSlot={<InstanceWebhooksSlot instanceId={id} />} logSlot={<InstanceRecentLogs instanceId={id} />} />
    </HydrationBoundary>
  );
}
