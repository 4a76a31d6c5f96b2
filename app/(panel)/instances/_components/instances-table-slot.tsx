"use client";

import { useQueryClient } from "@tanstack/react-query";
import { InstancesTable } from "@/features/instances/components/instances-table/instances-table";
import { AssignProxyButton } from "@/features/proxies/components/assign-proxy-button";
import { ApplyTemplateButton } from "@/features/templates/components/apply-template-button";
import { useClusterMode } from "../../_components/use-cluster-nodes";
import { CreateSetupFields } from "./create-instance-slot";
import { refreshAppliedInstances } from "./refresh-applied-instances";

/**
 * The instances table, with a Node column in cluster mode (the mode comes from the system feature's node list), and
 * other features' bulk actions over the selection.
 */
export function InstancesTableSlot() {
  const queryClient = useQueryClient();
  return (
    <InstancesTable
      clusterMode={useClusterMode()}
      createSetupFields={CreateSetupFields}
      bulkActionsSlot={(selected, clearSelection) => (
        <>
          <AssignProxyButton instances={selected} onFinished={clearSelection} />
          <ApplyTemplateButton
            instances={selected}
            onFinished={() => {
              // The template changed their settings and perhaps their proxies: their Settings sections must not
              // show the cached ones.
              refreshAppliedInstances(queryClient, selected.map((i) => i.id));
              clearSelection();
            }}
          />
        </>
      )}
    />
  );
}
