"use client";

import { useQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { BulkResults, type BulkRowState } from "@/shared/components/bulk-results";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Skeleton } from "@/shared/ui/skeleton";
import { applyTemplate, templateListOptions } from "../api/templates";
import { chunked, chunkFailed, chunkResults } from "../lib/apply-run";
import { templateSettingLabels, templateSummary } from "../lib/template-words";
import { useProxyNames } from "./use-proxy-names";

type RowResult = { state: BulkRowState; message?: string };

/** Pick a template, confirm, then apply it to the selected instances a chunk at a time, with a result per instance. */
export function ApplyTemplateDialog({ instances, onClose }: { instances: Instance[]; onClose: (finished: boolean) => void }) {
  const list = useQuery(templateListOptions());
  const names = useProxyNames();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, RowResult> | null>(null);
  const templateId = chosenId ?? list.data?.find((t) => t.isDefault)?.id ?? list.data?.[0]?.id ?? null;
  const template = list.data?.find((t) => t.id === templateId);
  const running = results !== null && Object.values(results).some((r) => r.state === "pending" || r.state === "running");
  const done = results !== null && !running;

  const start = async () => {
    if (!template) return;
    setResults(Object.fromEntries(instances.map((i) => [i.id, { state: "pending" }])));
    for (const ids of chunked(instances.map((i) => i.id))) {
      setResults((r) => ({ ...r, ...Object.fromEntries(ids.map((id) => [id, { state: "running" }])) }));
      try {
        const answer = await applyTemplate(template.id, ids);
        setResults((r) => ({ ...r, ...chunkResults(ids, answer) }));
      } catch (error) {
        setResults((r) => ({ ...r, ...chunkFailed(ids, error) }));
      }
    }
  };

  const close = () => {
    if (running) return;
    onClose(done);
  };
  const count = `${instances.length} instance${instances.length === 1 ? "" : "s"}`;

  return (
    <Dialog open onOpenChange={(open) => !open && close()}>
      <DialogContent showCloseButton={!running} onEscapeKeyDown={(e) => running && e.preventDefault()} onInteractOutside={(e) => running && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>Apply a template to {count}?</DialogTitle>
          <DialogDescription>Sets what the template sets on each instance. A new device name, history sync or proxy restarts a running session (same credentials, no QR).</DialogDescription>
        </DialogHeader>
        {results ? (
          <BulkResults label="Apply template" rows={instances.map((instance) => ({ id: instance.id, name: instance.name, ...(results[instance.id] ?? { state: "pending" }) }))} />
        ) : list.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : list.isError ? (
          <InlineLoadError what="Could not load the templates" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <p className="text-sm">
            There are no templates yet. Create one under{" "}
            <Link prefetch={false} href="/settings" className="font-medium underline underline-offset-4">
              Settings
            </Link>
            .
          </p>
        ) : (
          <div className="flex min-w-0 flex-col gap-4">
            <Field>
              <FieldLabel htmlFor="apply-template">Template</FieldLabel>
              <Select value={templateId ?? undefined} onValueChange={setChosenId}>
                <SelectTrigger id="apply-template" className="w-full" aria-describedby="apply-template-summary">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {list.data.map((t) => (
                    <SelectItem key={t.id} value={t.id}>
                      {t.name}
                      {t.isDefault ? " (default)" : ""}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {template ? (
                <FieldDescription id="apply-template-summary" data-testid="apply-template-summary">
                  {templateSummary(template, names)}
                  {templateSettingLabels(template).length ? `: ${templateSettingLabels(template).join(", ")}` : ""}.
                </FieldDescription>
              ) : null}
            </Field>
            <ul className="max-h-40 overflow-auto text-sm text-muted-foreground" aria-label="Selected instances">
              {instances.slice(0, 20).map((i) => (
                <li key={i.id} className="break-words">
                  {i.name}
                </li>
              ))}
              {instances.length > 20 ? <li>…and {instances.length - 20} more</li> : null}
            </ul>
          </div>
        )}
        <DialogFooter>
          {done ? (
            <Button onClick={close}>Done</Button>
          ) : (
            <>
              <Button variant="outline" onClick={close} disabled={running}>
                Cancel
              </Button>
              <Button onClick={() => void start()} disabled={running || !template}>
                {running ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
                Apply to {instances.length}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
