"use client";

import type { AlertChannelWithSecret } from "@/contract/alerts";
import { ShownOnceSecret } from "@/shared/components/shown-once-secret";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";

/** The only time a signed-webhook channel's secret is visible: copy it now. */
export function ChannelSecretDialog({ channel, onClose }: { channel: AlertChannelWithSecret | null; onClose: () => void }) {
  return (
    <Dialog open={channel !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Copy the signing secret</DialogTitle>
          <DialogDescription>
            Alerts to <span className="font-mono break-all">{channel?.url}</span> are signed with it (Standard Webhooks: <code className="font-mono">webhook-id</code>,{" "}
            <code className="font-mono">webhook-timestamp</code>, <code className="font-mono">webhook-signature</code>).
          </DialogDescription>
        </DialogHeader>
        <ShownOnceSecret value={channel?.secret} testId="channel-secret" copyLabel="Copy secret">
          This is the only time the secret is shown. Store it with your receiver; to get a new one, delete the channel and create it again.
        </ShownOnceSecret>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
