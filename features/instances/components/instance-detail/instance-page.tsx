"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, SearchX } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { GatewayNode } from "@/contract/cluster";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { ApiClientError } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceDetailOptions } from "../../api/instances";
import { STATUS_META } from "../instance-status-meta";
import { InstanceStatusBadge } from "../instance-status-badge";
import { InstanceActionsCard } from "./instance-actions-card";
import { InstanceMetadataCard } from "./instance-metadata-card";
import { LinkDevicePanel } from "./link-device-panel";
import { OutboundMessagesCard } from "./outbound-messages-card";
import { SandboxControls } from "./sandbox-controls";
import { StatusHistoryTimeline } from "./status-history-timeline";
import { UptimeCard } from "./uptime-card";

/**
 * One instance, live: status header, linking, details, actions and history. Other features' cards (its
 * tokens, its recent log) are composed in by the app layer through the slots, as are the gateway's nodes in cluster
 * mode (`clusterNodes`, undefined in single mode: then nothing about nodes shows).
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
  const instance = useQuery(instanceDetailOptions(id));
  if (instance.isPending) {
    return (
      <div className="flex flex-col gap-4" aria-label="Loading the instance">
        <Skeleton className="h-24 w-full" />
        <div className="grid gap-4 lg:grid-cols-2">
          <Skeleton className="h-80" />
          <Skeleton className="h-80" />
        </div>
      </div>
    );
  }
  if (instance.isError) {
    const status = instance.error instanceof ApiClientError ? instance.error.status : undefined;
    // 404 for an id the page showed a moment ago (deleted here, in another tab or through the API) or a link to
    // a deleted one; 400 for an id that never was.
    const copy =
      status === 404
        ? { title: "This instance was deleted", description: "It is no longer on the gateway: it was deleted here, in another window or through the API." }
        : status === 400
          ? { title: "No such instance", description: "This address does not name an instance." }
          : { title: "Could not load the instance", description: instance.error.message };
    return (
      <EmptyState
        icon={SearchX}
        title={copy.title}
        description={copy.description}
        action={
          <Button asChild variant="outline">
            <Link href="/instances">Back to instances</Link>
          </Button>
        }
      />
    );
  }
  const data = instance.data;
  const meta = STATUS_META[data.status];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/instances" className="inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> Instances
        </Link>
      </div>
      <header className="flex flex-col gap-3 rounded-xl border bg-card p-5 sm:flex-row sm:items-center sm:justify-between" data-testid="instance-header" data-status={data.status}>
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{data.name}</h1>
          <p className="mt-1 text-sm text-muted-foreground" aria-live="polite">
            {data.statusReason ?? meta.explain}
            {data.statusCode ? <span className="font-mono"> (code {data.statusCode})</span> : null}
          </p>
        </div>
        <InstanceStatusBadge status={data.status} className="px-3 py-1 text-sm [&>svg]:size-4" />
      </header>
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
