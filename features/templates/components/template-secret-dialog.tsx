"use client";

import type { SettingsTemplateWithSecret } from "@/contract/templates";
import { ShownOnceSecret } from "@/shared/components/shown-once-secret";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";

/** The only time a template's signing secret is visible: the webhooks it gives instances sign with it. */
export function TemplateSecretDialog({ template, onClose }: { template: SettingsTemplateWithSecret | null; onClose: () => void }) {
  return (
    <Dialog open={template !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Copy the signing secret</DialogTitle>
          <DialogDescription>
            The webhooks that <span className="font-medium break-all">{template?.name}</span> gives instances sign their deliveries with it (Standard Webhooks).
          </DialogDescription>
        </DialogHeader>
        <ShownOnceSecret value={template?.secret} testId="template-secret" copyLabel="Copy secret">
          This is the only time the secret is shown. Store it with your receiver; every endpoint the template creates uses it.
        </ShownOnceSecret>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
