"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";
import type { AssignProxiesResult, PoolProxy } from "@/contract/proxies";
import { BulkResults, BulkSelectionPreview, type BulkRow } from "@/shared/components/bulk-results";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldLabel } from "@/shared/ui/field";
import { assignProxies, proxyListOptions, refreshProxies } from "../api/proxies";
import { choiceWords, specOf, type ProxyChoice } from "../lib/proxy-choice";
import { autoHasRoom, chunks } from "../lib/proxy-words";
import { ProxyChoiceSelect } from "./proxy-choice-select";

/** Ids per request: small enough that the count moves on a big selection (the gateway takes up to 500). */
const CHUNK = 50;

type Target = { id: string; name: string };
type Item = AssignProxiesResult["items"][number];

/** One row's result in words. */
function resultRow(item: Item, pool: readonly PoolProxy[]): Pick<BulkRow, "state" | "message"> {
  if (!item.ok) return { state: "failed", message: item.error?.message ?? "Not assigned" };
  const to = item.mode === "none" ? "Direct" : item.mode === "pool" ? `Through ${pool.find((p) => p.id === item.proxyId)?.name ?? "a pool proxy"}` : "Through its own proxy";
  return { state: "ok", message: `${to}${item.restart ? ": restarting through it, no QR needed" : ""}` };
}

/** Choose direct, automatic or a pool proxy for the selected instances, then assign in chunks with per-row results. */
export function AssignProxyDialog({ instances, onClose }: { instances: readonly Target[]; onClose: (finished: boolean) => void }) {
  const queryClient = useQueryClient();
  const pool = useQuery(proxyListOptions());
  const proxies = pool.data ?? [];
  const [choice, setChoice] = useState<ProxyChoice>("auto");
  const [rows, setRows] = useState<BulkRow[] | null>(null);
  const running = rows !== null && rows.some((r) => r.state === "pending" || r.state === "running");
  const done = rows !== null && !running;

  const start = async () => {
    const spec = specOf(choice);
    setRows(instances.map(({ id, name }) => ({ id, name, state: "pending" })));
    const update = (ids: readonly string[], of: (id: string) => Pick<BulkRow, "state" | "message">) =>
      setRows((current) => current && current.map((row) => (ids.includes(row.id) ? { ...row, ...of(row.id) } : row)));
    for (const part of chunks(instances.map((i) => i.id), CHUNK)) {
      update(part, () => ({ state: "running" }));
      try {
        const { items } = await assignProxies(part, spec);
        const byId = new Map(items.map((item) => [item.instanceId, item]));
        update(part, (id) => {
          const item = byId.get(id);
          return item ? resultRow(item, proxies) : { state: "failed", message: "The gateway gave no result for it" };
        });
      } catch (error) {
        update(part, () => ({ state: "failed", message: error instanceof Error ? error.message : String(error) }));
      }
    }
    refreshProxies(queryClient);
  };

  const close = () => {
    if (running) return;
    onClose(done);
  };
  const full = choice === "auto" && pool.isSuccess && !autoHasRoom(proxies);

  return (
    <Dialog open onOpenChange={(open) => !open && close()}>
      <DialogContent showCloseButton={!running} onEscapeKeyDown={(e) => running && e.preventDefault()} onInteractOutside={(e) => running && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>
            Assign a proxy to {instances.length} instance{instances.length === 1 ? "" : "s"}
          </DialogTitle>
          <DialogDescription>Running sessions restart through their new proxy with the same credentials: no QR needed. Stopped ones use it when they next connect.</DialogDescription>
        </DialogHeader>
        {rows ? (
          <BulkResults label="Assign proxy" rows={rows} />
        ) : (
          <>
            <Field>
              <FieldLabel htmlFor="assign-proxy-choice">Proxy</FieldLabel>
              <ProxyChoiceSelect id="assign-proxy-choice" value={choice} onChange={(next) => setChoice(next || "auto")} describedBy="assign-proxy-help" />
              <FieldDescription id="assign-proxy-help">
                {full
                  ? "No pool proxy has room now: every instance would be refused."
                  : choice === "auto"
                    ? "Instance by instance, the pool proxy with the fewest instances among those below their cap and not failing."
                    : `Each instance goes ${choiceWords(choice, proxies)}. Instances a full proxy cannot take are reported, not moved.`}
              </FieldDescription>
            </Field>
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
              <Button onClick={() => void start()} disabled={running || instances.length === 0}>
                {running ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
                Assign to {instances.length}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
