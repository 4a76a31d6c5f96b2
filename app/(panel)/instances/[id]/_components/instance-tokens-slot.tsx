"use client";

import { useQuery } from "@tanstack/react-query";
import { InstanceTokensCard } from "@/features/api-keys/components/instance-tokens-card";
import { instanceDetailOptions } from "@/features/instances/api/instances";

/** The instance's tokens card, named after the instance (composition across features lives in app/). */
export function InstanceTokensSlot({ instanceId }: { instanceId: string }) {
  const instance = useQuery(instanceDetailOptions(instanceId));
  if (!instance.data) return null;
  return <InstanceTokensCard instanceId={instanceId} instanceName={instance.data.name} />;
}
