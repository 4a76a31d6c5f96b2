"use client";

import { TriangleAlert } from "lucide-react";
import { CopyButton } from "@/shared/components/copy-button";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";

/** The only time a key is visible: copy it now, it cannot be shown again. */
export function ShowOnceDialog({ token, name, onClose }: { token: string | null; name: string; onClose: () => void }) {
  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Copy your new key</DialogTitle>
          <DialogDescription>“{name}” is ready. Send it as <code className="font-mono">Authorization: Bearer …</code>.</DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-3">
          <code data-testid="new-api-key" className="min-w-0 flex-1 break-all font-mono text-sm">
            {token}
          </code>
          {token ? <CopyButton value={token} label="Copy key" size="sm" /> : null}
        </div>
        <p role="note" className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
          This is the only time the key is shown. The gateway keeps only a hash; if you lose it, revoke it and create another.
        </p>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
