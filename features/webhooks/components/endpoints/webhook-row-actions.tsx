"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound, ListFilter, Pencil, Send, Trash2 } from "lucide-react";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { Webhook } from "@/contract/webhooks";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { RowActionsTrigger } from "@/shared/components/data-table/row-actions-trigger";
import { Button } from "@/shared/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator } from "@/shared/ui/dropdown-menu";
import { deleteWebhookMutation } from "../../api/webhooks";
import type { InstanceChoice } from "../../api/webhook-form-schema";
import { RotateSecretDialog, TestWebhookDialog, WebhookFormDialog } from "../lazy-dialogs";

type DialogKind = "edit" | "test" | "rotate" | "delete";
type Show = (kind: DialogKind, webhook: Webhook) => void;

const ShowDialogContext = createContext<Show | null>(null);

/**
 * The endpoints' dialogs, kept by the list rather than by a row: a row's cells remount when the layout switches
 * between table and cards (a resize), which closed the dialog an operator had open in it. Each dialog loads on first
 * open and then stays mounted: closing one must not unmount what it shows next (the rotate dialog reveals the new
 * secret after it closes) nor cut its closing animation.
 */
export function WebhookRowDialogs({ webhooks, instances, children }: { webhooks: readonly Webhook[]; instances: readonly InstanceChoice[]; children: ReactNode }) {
  const [open, setOpen] = useState<{ kind: DialogKind; webhookId: string } | null>(null);
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const show = useCallback<Show>((kind, webhook) => {
    setOpened((seen) => (seen.has(webhook.id) ? seen : new Set(seen).add(webhook.id)));
    setOpen({ kind, webhookId: webhook.id });
  }, []);
  const close = useCallback((next: boolean) => !next && setOpen(null), []);
  return (
    <ShowDialogContext.Provider value={show}>
      {children}
      {webhooks
        .filter((w) => opened.has(w.id))
        .map((w) => (
          <WebhookDialogs key={w.id} webhook={w} instances={instances} open={open?.webhookId === w.id ? open.kind : null} onOpenChange={close} />
        ))}
    </ShowDialogContext.Provider>
  );
}

function WebhookDialogs({ webhook, instances, open, onOpenChange }: { webhook: Webhook; instances: readonly InstanceChoice[]; open: DialogKind | null; onOpenChange: (open: boolean) => void }) {
  const [mounted, setMounted] = useState<ReadonlySet<DialogKind>>(() => new Set());
  if (open && !mounted.has(open)) setMounted(new Set(mounted).add(open));
  const remove = useMutation(deleteWebhookMutation(webhook.id));
  return (
    <>
      {mounted.has("edit") ? <WebhookFormDialog open={open === "edit"} onOpenChange={onOpenChange} webhook={webhook} instances={instances} /> : null}
      {mounted.has("test") ? <TestWebhookDialog open={open === "test"} onOpenChange={onOpenChange} webhook={webhook} /> : null}
      {mounted.has("rotate") ? <RotateSecretDialog open={open === "rotate"} onOpenChange={onOpenChange} webhook={webhook} /> : null}
      <ConfirmDialog
        open={open === "delete"}
        onOpenChange={onOpenChange}
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
    </>
  );
}

/** Everything one endpoint can do; the test tool and the edit form open from here (rendered by WebhookRowDialogs). */
export function WebhookRowActions({ webhook, onShowDeliveries }: { webhook: Webhook; onShowDeliveries?: (webhookId: string) => void }) {
  const showDialog = useContext(ShowDialogContext);
  if (!showDialog) throw new Error("WebhookRowActions renders inside WebhookRowDialogs");
  const show = (kind: DialogKind) => showDialog(kind, webhook);
  return (
    <div className="flex items-center justify-end gap-1">
      <Button variant="outline" size="sm" onClick={() => show("test")} aria-label={`Send a test event to ${webhook.url}`}>
        <Send className="size-4" aria-hidden /> <span className="hidden lg:inline">Test</span>
      </Button>
      <DropdownMenu>
        <RowActionsTrigger name={webhook.url} />
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
    </div>
  );
}
