"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/shared/ui/button";
import type { InstanceChoice } from "../api/webhook-form-schema";
import { SecretDialog, type RevealedSecret } from "./secret-dialog";
import { preloadWebhookForm, WebhookFormDialog } from "./lazy-dialogs";

/** "New endpoint": the form, then the secret shown once. */
export function CreateWebhookButton({
  instances,
  defaultInstanceId,
  size = "default",
  variant = "default",
}: {
  instances: readonly InstanceChoice[];
  defaultInstanceId?: string;
  size?: "default" | "sm";
  variant?: "default" | "outline";
}) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false); // loads on first open, then stays mounted (closing animation)
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  return (
    <>
      <Button size={size} variant={variant} onClick={() => {
          setOpened(true);
          setOpen(true);
        }} onPointerEnter={preloadWebhookForm} onFocus={preloadWebhookForm}>
        <Plus className="size-4" aria-hidden /> New endpoint
      </Button>
      {opened ? (
        <WebhookFormDialog
          open={open}
          onOpenChange={setOpen}
          instances={instances}
          defaultInstanceId={defaultInstanceId}
          onCreated={(created) => setRevealed({ secret: created.secret, url: created.url })}
        />
      ) : null}
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
