"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { GatewayNode } from "@/contract/cluster";
import { instanceDetailOptions } from "../../api/instances";
import { InstanceActionsCard } from "./instance-actions-card";
import { InstanceMetadataCard } from "./instance-metadata-card";
import { LinkDevicePanel } from "./link-device-panel";
import { OutboundMessagesCard } from "./outbound-messages-card";
import { SandboxControls } from "./sandbox-controls";
import { StatusHistoryTimeline } from "./status-history-timeline";
import { UptimeCard } from "./uptime-card";

/**
 * An instance's overview, live: linking, details, actions and history (the status header is the shell's). Other
 * features' cards (its tokens, its recent log) are composed in by the app layer through the slots, as are the
 * gateway's nodes in cluster mode (`clusterNodes`, undefined in single mode: then nothing about nodes shows).
 */
export function InstancePage({
  id,
  tokensSlot,
  webhooksSlot,
  logSlot,
  clusterNodes,
}: {
  id: string;
  tokensSlot?: ReactNode;
  webhooksSlot?: ReactNode;
  logSlot?: ReactNode;
  clusterNodes?: GatewayNode[];
}) {
  // The shell (instance-shell.tsx) renders this section only once the instance has loaded.
  const { data } = useQuery(instanceDetailOptions(id));
  if (!data) return null;
  return (
    <div className="flex flex-col gap-6">
      {/* One column of minmax(0, 1fr) below lg: a card's widest line wraps instead of widening the page. */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <LinkDevicePanel instance={data} />
          {data.engine === "sandbox" ? <SandboxControls instance={data} /> : null}
          <OutboundMessagesCard instanceId={data.id} />
          <UptimeCard instanceId={data.id} />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <InstanceMetadataCard instance={data} showNode={clusterNodes !== undefined} />
          <InstanceActionsCard instance={data} nodes={clusterNodes} />
          {tokensSlot}
          {webhooksSlot}
        </div>
      </div>
      <StatusHistoryTimeline instanceId={data.id} />
      {logSlot}
    </div>
  );
}
