"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Webhook } from "@/contract/webhooks";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { Switch } from "@/shared/ui/switch";
import { setWebhookEnabledMutation } from "../../api/webhooks";

/** Enabling is immediate; disabling holds deliveries, so it asks first. */
export function WebhookEnabledSwitch({ webhook }: { webhook: Webhook }) {
  const setEnabled = useMutation(setWebhookEnabledMutation(webhook.id));
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Switch
        checked={webhook.enabled}
        disabled={setEnabled.isPending}
        onCheckedChange={(on) => (on ? setEnabled.mutate(true) : setConfirming(true))}
        aria-label={`Enabled: ${webhook.url}`}
      />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Disable this endpoint?"
        description={
          <>
            <p className="break-all font-mono text-xs">{webhook.url}</p>
            <p className="mt-2">New events are not delivered to it. Deliveries already queued are held, not lost, and go out when you enable it again.</p>
          </>
        }
        confirmLabel="Disable"
        destructive
        onConfirm={() => setEnabled.mutate(false)}
      />
    </>
  );
}
