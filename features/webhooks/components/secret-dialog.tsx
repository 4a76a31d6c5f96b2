"use client";

import { Info } from "lucide-react";
import { CopyButton } from "@/shared/components/copy-button";
import { ShownOnceSecret } from "@/shared/components/shown-once-secret";
import { exactTime } from "@/shared/lib/format-time";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { NODE_VERIFY_SNIPPET } from "./verification-snippet";

export type RevealedSecret = {
  secret: string;
  url: string;
  /** Set after a rotation: until then the old secret signs every delivery too (null: it stopped at once). */
  rotation?: { previousSecretExpiresAt: string | null };
};

/** The only time a signing secret is visible: copy it now, with a snippet that verifies deliveries with it. */
export function SecretDialog({ revealed, onClose }: { revealed: RevealedSecret | null; onClose: () => void }) {
  const rotation = revealed?.rotation;
  return (
    <Dialog open={revealed !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{rotation ? "Copy the new signing secret" : "Copy the signing secret"}</DialogTitle>
          <DialogDescription>
            Deliveries to <span className="font-mono break-all">{revealed?.url}</span> are signed with it (Standard Webhooks: <code className="font-mono">webhook-id</code>,{" "}
            <code className="font-mono">webhook-timestamp</code>, <code className="font-mono">webhook-signature</code>).
          </DialogDescription>
        </DialogHeader>
        <ShownOnceSecret value={revealed?.secret} testId="webhook-secret" copyLabel="Copy secret">
          This is the only time the secret is shown. Store it with your receiver&apos;s configuration; if you lose it, rotate the secret.
        </ShownOnceSecret>
        {rotation ? (
          <p role="note" className="flex items-start gap-2 rounded-md border border-info/50 bg-info/10 p-3 text-sm" data-testid="rotation-note">
            <Info className="mt-0.5 size-4 shrink-0 text-info" aria-hidden />
            {rotation.previousSecretExpiresAt ? (
              <span>
                Until <time dateTime={rotation.previousSecretExpiresAt}>{exactTime(rotation.previousSecretExpiresAt)}</time> every delivery carries two signatures, one
                with the old secret and one with this one, so a receiver verifying with either keeps working. Switch your receiver to the new secret before then.
              </span>
            ) : (
              <span>The old secret stopped signing at once: receivers still using it now reject every delivery.</span>
            )}
          </p>
        ) : null}
        <div className="flex min-w-0 flex-col gap-2">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-sm font-medium">Verify deliveries in Node.js</h3>
            <CopyButton value={NODE_VERIFY_SNIPPET} label="Copy snippet" size="sm" />
          </div>
          <pre className="max-h-72 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed" tabIndex={0} aria-label="Verification snippet" data-testid="verify-snippet">
            {NODE_VERIFY_SNIPPET}
          </pre>
        </div>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
