"use client";

import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { ACTION_COPY, type InstanceAction } from "../lib/instance-actions";

/** Asks before a destructive instance action; `action` null means closed. */
export function InstanceActionConfirm({
  instanceName,
  action,
  onClose,
  onConfirm,
}: {
  instanceName: string;
  action: InstanceAction | "delete" | null;
  onClose: () => void;
  onConfirm: (action: InstanceAction | "delete") => void;
}) {
  const copy = action ? ACTION_COPY[action] : null;
  return (
    <ConfirmDialog
      open={action !== null}
      onOpenChange={(open) => !open && onClose()}
      title={copy ? `${copy.label} “${instanceName}”?` : ""}
      description={copy?.explain ?? ""}
      confirmLabel={copy?.label ?? ""}
      onConfirm={() => {
        if (action) onConfirm(action);
        onClose();
      }}
    />
  );
}
