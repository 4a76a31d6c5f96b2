"use client";

import { InstanceWebhooksCard } from "@/features/webhooks/components/instance-webhooks-card";
import { useInstanceChoices } from "@/features/instances/components/use-instance-choices";

/** The webhooks card on an instance's page, pre-filtered to that instance (composed here, in app/). */
export function InstanceWebhooksSlot({ instanceId }: { instanceId: string }) {
  return <InstanceWebhooksCard instanceId={instanceId} instances={useInstanceChoices()} />;
}
