import type { Metadata } from "next";
import { apiKeyListServerQuery } from "@/features/api-keys/api/server-queries";
import { instanceDetailServerQuery, instanceHistoryServerQuery, instanceQrServerQuery } from "@/features/instances/api/server-queries";
import { InstancePage } from "@/features/instances/components/instance-detail/instance-page";
import { InstanceRecentLogs } from "@/features/logs/components/instance-recent-logs";
import { webhookListServerQuery } from "@/features/webhooks/api/server-queries";
import { ServerData } from "@/shared/components/data/server-data";
import { prefetchQueries } from "@/shared/lib/server/server-prefetch";
import { InstanceTokensSlot } from "./_components/instance-tokens-slot";
import { InstanceWebhooksSlot } from "../../webhooks/_components/instance-webhooks-slot";

export const metadata: Metadata = { title: "Instance" };

export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Not the instance list (only the webhooks card's instance names use it): it would ride along on every visit.
  const state = await prefetchQueries([
    instanceDetailServerQuery(id),
    instanceQrServerQuery(id),
    instanceHistoryServerQuery(id),
    apiKeyListServerQuery(id),
    webhookListServerQuery({ instanceId: id }),
    webhookListServerQuery(),
  ]);
  return (
    <ServerData state={state}>
      <InstancePage id={id} tokensSlot={<InstanceTokensSlot instanceId={id} />} webhooksSlot={<InstanceWebhooksSlot instanceId={id} />} logSlot={<InstanceRecentLogs instanceId={id} />} />
    </ServerData>
  );
}
