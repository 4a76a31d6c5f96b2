"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { BulkResults, BulkSelectionPreview, type BulkRowState } from "@/shared/components/bulk-results";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { runInstanceAction } from "../../api/instances";
import { ACTION_COPY, canRun } from "../../lib/instance-actions";
import { STATUS_META } from "../instance-status-meta";

export type BulkAction = "connect" | "restart" | "logout" | "delete";
type RowResult = { state: BulkRowState; message?: string };

/** Why an instance is left alone: the gateway would refuse the action in its state (409). */
function skipReason(action: BulkAction, instance: Instance): string | null {
  if (canRun(action, instance.status)) return null;
  const status = STATUS_META[instance.status].label;
  return action === "connect" ? `Skipped: already running (${status})` : `Skipped: not linked (${status})`;
}

const CONCURRENCY = 4;

/** Confirm, then run one action over many instances with progress and a per-row result. */
export function BulkActionDialog({ action, instances: selection, onClose }: { action: BulkAction | null; instances: Instance[]; onClose: (finished: boolean) => void }) {
  const queryClient = useQueryClient();
  const [results, setResults] = useState<Record<string, RowResult> | null>(null);
  // A run works on the selection as it was when it started: deleted instances leave the list (and the selection
  // built from it) as they go, but stay in the dialog with their result.
  const [ran, setRan] = useState<Instance[] | null>(null);
  const instances = ran ?? selection;
  const running = results !== null && Object.values(results).some((r) => r.state === "pending" || r.state === "running");
  const done = results !== null && !running;

  const skipped = action ? instances.filter((i) => skipReason(action, i) !== null).length : 0;
  const runnable = instances.length - skipped;

  const start = async () => {
    if (!action) return;
    const initial = Object.fromEntries(
      instances.map((i) => {
        const reason = skipReason(action, i);
        return [i.id, (reason === null ? { state: "pending" } : { state: "skipped", message: reason }) as RowResult];
      }),
    );
    setRan(instances);
    setResults(initial);
    const queue = instances.filter((i) => initial[i.id]?.state === "pending");
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const id = next.id;
        setResults((r) => ({ ...r, [id]: { state: "running" } }));
        try {
          await runInstanceAction(queryClient, id, action);
          setResults((r) => ({ ...r, [id]: { state: "ok" } }));
        } catch (error) {
          setResults((r) => ({ ...r, [id]: { state: "failed", message: error instanceof Error ? error.message : String(error) } }));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, instances.length) }, worker));
  };

  const close = () => {
    if (running) return;
    onClose(done);
    setResults(null);
    setRan(null);
  };

  if (!action) return null;
  const copy = ACTION_COPY[action];

  return (
    <Dialog open onOpenChange={(open) => !open && close()}>
      <DialogContent showCloseButton={!running} onEscapeKeyDown={(e) => running && e.preventDefault()} onInteractOutside={(e) => running && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>
            {copy.label} {instances.length} instance{instances.length === 1 ? "" : "s"}?
          </DialogTitle>
          <DialogDescription>{copy.explain}</DialogDescription>
        </DialogHeader>
        {results ? (
          <BulkResults label={copy.label} rows={instances.map((instance) => ({ id: instance.id, name: instance.name, ...(results[instance.id] ?? { state: "pending" }) }))} />
        ) : (
          <>
          {skipped > 0 ? (
            <p className="text-sm" data-testid="bulk-skip-note">
              {runnable === 0
                ? `Nothing to ${copy.label.toLowerCase()}: ${action === "connect" ? "every selected instance is already running" : "no selected instance is linked"}.`
                : `${skipped} of ${instances.length} will be skipped: ${action === "connect" ? "already running" : "not linked"}.`}
            </p>
          ) : null}
          <BulkSelectionPreview names={instances.map((i) => i.name)} />
          </>
        )}
        <DialogFooter>
          {done ? (
            <Button onClick={close}>Done</Button>
          ) : (
            <>
              <Button variant="outline" onClick={close} disabled={running}>
                Cancel
              </Button>
              <Button variant={copy.destructive ? "destructive" : "default"} onClick={() => void start()} disabled={running || runnable === 0}>
                {running ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
                {copy.label} {runnable}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
