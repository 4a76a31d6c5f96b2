"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound, ListFilter, MoreHorizontal, Pencil, Send, Trash2 } from "lucide-react";
import { useState } from "react";
import type { Webhook } from "@/contract/webhooks";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { Button } from "@/shared/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/shared/ui/dropdown-menu";
import { deleteWebhookMutation } from "../../api/webhooks";
import type { InstanceChoice } from "../../api/webhook-form-schema";
import { RotateSecretDialog, TestWebhookDialog, WebhookFormDialog } from "../lazy-dialogs";

type Open = "edit" | "test" | "rotate" | "delete" | null;

/** Everything one endpoint can do; the test tool and the edit form open from here. */
export function WebhookRowActions({ webhook, instances, onShowDeliveries }: { webhook: Webhook; instances: readonly InstanceChoice[]; onShowDeliveries?: (webhookId: string) => void }) {
  const [open, setOpen] = useState<Open>(null);
  // The dialogs load on first open and then stay mounted: closing one must not unmount what it shows next
  // (the rotate dialog reveals the new secret after it closes) nor cut its closing animation.
  const [opened, setOpened] = useState<ReadonlySet<Open>>(() => new Set());
  const show = (which: Exclude<Open, null>) => {
    setOpened((seen) => (seen.has(which) ? seen : new Set(seen).add(which)));
    setOpen(which);
  };
  const remove = useMutation(deleteWebhookMutation(webhook.id));
  const close = (next: boolean) => !next && setOpen(null);
  return (
    <div className="flex items-center justify-end gap-1">
      <Button variant="outline" size="sm" onClick={() => show("test")} aria-label={`Send a test event to ${webhook.url}`}>
        <Send className="size-4" aria-hidden /> <span className="hidden lg:inline">Test</span>
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${webhook.url}`}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-48">
          <DropdownMenuItem onSelect={() => show("edit")}>
            <Pencil className="size-4" aria-hidden /> Edit
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => show("test")}>
            <Send className="size-4" aria-hidden /> Send test event
          </DropdownMenuItem>
          {onShowDeliveries ? (
            <DropdownMenuItem onSelect={() => onShowDeliveries(webhook.id)}>
              <ListFilter className="size-4" aria-hidden /> Show deliveries
            </DropdownMenuItem>
          ) : null}
          <DropdownMenuItem onSelect={() => show("rotate")}>
            <KeyRound className="size-4" aria-hidden /> Rotate secret
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => show("delete")}>
            <Trash2 className="size-4" aria-hidden /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      {opened.has("edit") ? <WebhookFormDialog open={open === "edit"} onOpenChange={close} webhook={webhook} instances={instances} /> : null}
      {opened.has("test") ? <TestWebhookDialog open={open === "test"} onOpenChange={close} webhook={webhook} /> : null}
      {opened.has("rotate") ? <RotateSecretDialog open={open === "rotate"} onOpenChange={close} webhook={webhook} /> : null}
      <ConfirmDialog
        open={open === "delete"}
        onOpenChange={close}
        title="Delete this endpoint?"
        description={
          <>
            <p className="break-all font-mono text-xs">{webhook.url}</p>
            <p className="mt-2">It stops receiving events at once. Its queued deliveries and its delivery log are deleted too.</p>
          </>
        }
        confirmLabel="Delete"
        destructive
        onConfirm={() => remove.mutate()}
      />
    </div>
  );
}
