"use client";

import type { GatewayNode } from "@/contract/cluster";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";

const instancesOn = (count: number) => (count === 1 ? "Its 1 instance moves" : `Its ${count} instances move`);

/** Asks before draining a node: its instances reconnect elsewhere, so the operator sees how many first. */
export function DrainNodeConfirm({ node, open, onOpenChange, onConfirm }: { node: GatewayNode; open: boolean; onOpenChange: (open: boolean) => void; onConfirm: () => void }) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Drain “${node.name}”?`}
      description={
        <>
          <p>
            {node.instances === 0 ? "It runs no instance now." : `${instancesOn(node.instances)} to other live nodes, each reconnecting there (linked numbers need no new scan).`}
          </p>
          <p className="mt-2">The node keeps running but takes no new instances until you end the drain.</p>
        </>
      }
      confirmLabel="Drain"
      onConfirm={onConfirm}
    />
  );
}
