"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { instanceDetailOptions } from "@/features/instances/api/instances";
import { InstanceWebhooksCard } from "@/features/webhooks/components/instance-webhooks-card";

const instanceName = (instance: { name: string }) => instance.name;

/**
 * The webhooks card on an instance's page, pre-filtered to that instance (composed here, in app/). Its New endpoint
 * offers this instance or all of them: the instance is already on the page (the layout's), while every instance's
 * name would mean fetching the whole list (up to 20,000) on each visit to one of them.
 */
export function InstanceWebhooksSlot({ instanceId }: { instanceId: string }) {
  // Only the name: a status change does not re-render the card.
  const name = useQuery({ ...instanceDetailOptions(instanceId), select: instanceName }).data;
  const choices = useMemo(() => (name === undefined ? [] : [{ id: instanceId, name }]), [instanceId, name]);
  return <InstanceWebhooksCard instanceId={instanceId} instances={choices} />;
}
