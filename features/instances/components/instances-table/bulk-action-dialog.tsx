"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleSlash, Loader2, XCircle } from "lucide-react";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { runInstanceAction } from "../../api/instances";
import { ACTION_COPY, canRun } from "../../lib/instance-actions";
import { STATUS_META } from "../instance-status-meta";

export type BulkAction = "connect" | "restart" | "logout" | "delete";
type RowResult = { state: "pending" | "running" | "ok" | "failed" | "skipped"; message?: string };

/** Why an instance is left alone: the gateway would refuse the action in its state (409). */
function skipReason(action: BulkAction, instance: Instance): string | null {
  if (canRun(action, instance.status)) return null;
  const status = STATUS_META[instance.status].label;
  return action === "connect" ? `Skipped: already running (${status})` : `Skipped: not linked (${status})`;
}

const CONCURRENCY = 4;

/** Confirm, then run one action over many instances with progress and a per-row result. */
export function BulkActionDialog({ action, instances, onClose }: { action: BulkAction | null; instances: Instance[]; onClose: (finished: boolean) => void }) {
  const queryClient = useQueryClient();
  const [results, setResults] = useState<Record<string, RowResult> | null>(null);
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
  };

  if (!action) return null;
  const copy = ACTION_COPY[action];
  const finished = results ? Object.values(results).filter((r) => r.state === "ok" || r.state === "failed" || r.state === "skipped").length : 0;
  const skippedCount = results ? Object.values(results).filter((r) => r.state === "skipped").length : 0;
  const failed = results ? Object.values(results).filter((r) => r.state === "failed").length : 0;

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
          <div className="flex flex-col gap-3">
            <div className="h-2 w-full overflow-hidden rounded-full bg-muted" role="progressbar" aria-label={`${copy.label} progress`} aria-valuemin={0} aria-valuemax={instances.length} aria-valuenow={finished}>
              <div className="h-full bg-primary transition-all" style={{ width: `${(finished / Math.max(1, instances.length)) * 100}%` }} />
            </div>
            <p className="text-sm" aria-live="polite" data-testid="bulk-progress">
              {finished} of {instances.length} done{failed ? `, ${failed} failed` : ""}
              {skippedCount ? `, ${skippedCount} skipped` : ""}
            </p>
            <ul className="max-h-64 overflow-auto rounded-md border text-sm" data-testid="bulk-results">
              {instances.map((instance) => {
                const r = results[instance.id] ?? { state: "pending" };
                return (
                  <li key={instance.id} className="flex items-start gap-2 border-b px-3 py-2 last:border-b-0" data-result={r.state}>
                    {r.state === "ok" ? (
                      <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Done" />
                    ) : r.state === "failed" ? (
                      <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Failed" />
                    ) : r.state === "skipped" ? (
                      <CircleSlash className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-label="Skipped" />
                    ) : (
                      <Loader2 className={r.state === "running" ? "mt-0.5 size-4 shrink-0 animate-spin" : "mt-0.5 size-4 shrink-0 opacity-30"} aria-label={r.state === "running" ? "Running" : "Waiting"} />
                    )}
                    <span className="min-w-0 flex-1">
                      <span className="font-medium">{instance.name}</span>
                      {r.message ? <span className={r.state === "failed" ? "block text-destructive" : "block text-muted-foreground"}>{r.message}</span> : null}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : (
          <>
          {skipped > 0 ? (
            <p className="text-sm" data-testid="bulk-skip-note">
              {runnable === 0
                ? `Nothing to ${copy.label.toLowerCase()}: ${action === "connect" ? "every selected instance is already running" : "no selected instance is linked"}.`
                : `${skipped} of ${instances.length} will be skipped: ${action === "connect" ? "already running" : "not linked"}.`}
            </p>
          ) : null}
          <ul className="max-h-40 overflow-auto text-sm text-muted-foreground">
            {instances.slice(0, 20).map((i) => (
              <li key={i.id}>{i.name}</li>
            ))}
            {instances.length > 20 ? <li>…and {instances.length - 20} more</li> : null}
          </ul>
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
