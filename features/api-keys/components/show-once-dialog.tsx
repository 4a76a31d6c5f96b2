"use client";

import { ShownOnceSecret } from "@/shared/components/shown-once-secret";
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
        <ShownOnceSecret value={token ?? undefined} testId="new-api-key" copyLabel="Copy key">
          This is the only time the key is shown. The gateway keeps only a hash; if you lose it, revoke it and create another.
        </ShownOnceSecret>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
