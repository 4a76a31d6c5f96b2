"use client";

import type { ComponentProps } from "react";
import { InstancePage } from "@/features/instances/components/instance-detail/instance-page";
import { useClusterNodes } from "../../../_components/use-cluster-nodes";

/** The instance's page, told the gateway's nodes in cluster mode (its node, and a move to another one). */
export function InstancePageSlot(props: Omit<ComponentProps<typeof InstancePage>, "clusterNodes">) {
  return <InstancePage {...props} clusterNodes={useClusterNodes()} />;
}
