"use client";

import { useQuery } from "@tanstack/react-query";
import { clusterNodesOf, isClusterMode, nodeListOptions } from "@/features/system/api/nodes";

// The one source the instance views are told the gateway's mode from (features do not import each other; they are
// composed here): the system feature's node list.

/** Cluster mode or not; a component using it re-renders when the mode changes, not on every poll of the list. */
export function useClusterMode(): boolean {
  return useQuery({ ...nodeListOptions(), select: isClusterMode }).data ?? false;
}

/** The gateway's nodes in cluster mode; undefined in single mode (or until known). */
export function useClusterNodes() {
  return useQuery({ ...nodeListOptions(), select: clusterNodesOf }).data;
}
