"use client";

import { useQuery } from "@tanstack/react-query";
import { instanceDetailOptions } from "@/features/instances/api/instances";
import { isRunning } from "@/features/instances/lib/instance-status";
import { InstanceProxyCard } from "@/features/proxies/components/instance-proxy-card";

/** The proxies feature's card, told by the instances feature whether the session runs (a change then restarts it). */
export function InstanceProxySlot({ instanceId }: { instanceId: string }) {
  const { data: instance } = useQuery(instanceDetailOptions(instanceId));
  return <InstanceProxyCard instanceId={instanceId} running={instance ? isRunning(instance.status) : false} />;
}
