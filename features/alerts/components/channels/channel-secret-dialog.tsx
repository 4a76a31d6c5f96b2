"use client";

import { TriangleAlert } from "lucide-react";
import type { AlertChannelWithSecret } from "@/contract/alerts";
import { CopyButton } from "@/shared/components/copy-button";
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
        <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-3">
          <code data-testid="channel-secret" className="min-w-0 flex-1 font-mono text-sm break-all">
            {channel?.secret}
          </code>
          {channel?.secret ? <CopyButton value={channel.secret} label="Copy secret" size="sm" /> : null}
        </div>
        <p role="note" className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
          <span>This is the only time the secret is shown. Store it with your receiver; to get a new one, delete the channel and create it again.</span>
        </p>
        <DialogFooter>
          <Button onClick={onClose}>I have stored it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
