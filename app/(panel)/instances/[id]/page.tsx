import type { Metadata } from "next";
import { InstancePage } from "@/features/instances/components/instance-detail/instance-page";
import { InstanceRecentLogs } from "@/features/logs/components/instance-recent-logs";
import { InstanceTokensSlot } from "./_components/instance-tokens-slot";
import { InstanceWebhooksSlot } from "../../webhooks/_components/instance-webhooks-slot";

export const metadata: Metadata = { title: "Instance" };

export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InstancePage id={id} tokensSlot={<InstanceTokensSlot instanceId={id} />} webhooksSlot={<InstanceWebhooksSlot instanceId={id} />} logSlot={<InstanceRecentLogs instanceId={id} />} />;
}
