"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { Loader2, Network, Pencil, Plus, RefreshCw, Trash2 } from "lucide-react";
import { createContext, useContext, useMemo, useState } from "react";
import type { PoolProxy } from "@/contract/proxies";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { RowActionsTrigger } from "@/shared/components/data-table/row-actions-trigger";
import { useRowDialogs, type ShowRowDialog } from "@/shared/hooks/use-row-dialogs";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";
import { Button } from "@/shared/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator } from "@/shared/ui/dropdown-menu";
import { Skeleton } from "@/shared/ui/skeleton";
import { checkProxyMutation, deleteProxyMutation, POOL_POLL_MS, proxyListOptions } from "../api/proxies";
import { preloadProxyForm, ProxyFormDialog } from "./lazy-dialogs";
import { ProxyHealthDetails, ProxyUsage } from "./proxy-health";

type Show = ShowRowDialog<PoolProxy>;
const ShowContext = createContext<Show>(() => undefined);

/** "Add proxy" and its dialog (loaded on first open, then kept mounted for the closing animation). */
export function AddProxyButton() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        onPointerEnter={preloadProxyForm}
        onFocus={preloadProxyForm}
      >
        <Plus className="size-4" aria-hidden /> Add proxy
      </Button>
      {opened ? <ProxyFormDialog open={open} onOpenChange={setOpen} /> : null}
    </>
  );
}

function Actions({ proxy }: { proxy: PoolProxy }) {
  const show = useContext(ShowContext);
  const check = useMutation(checkProxyMutation(proxy.id));
  return (
    <div className="flex items-center justify-end gap-1">
      <Button variant="outline" size="sm" disabled={check.isPending} onClick={() => check.mutate()} aria-label={`Check ${proxy.name} now`}>
        {check.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <RefreshCw className="size-4" aria-hidden />} Check now
      </Button>
      <DropdownMenu>
        <RowActionsTrigger name={proxy.name} onPointerEnter={preloadProxyForm} />
        <DropdownMenuContent align="end" className="w-40">
          <DropdownMenuItem onSelect={() => show("edit", proxy)}>
            <Pencil className="size-4" aria-hidden /> Edit
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => show("delete", proxy)}>
            <Trash2 className="size-4" aria-hidden /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

const MaskedUrl = ({ proxy }: { proxy: PoolProxy }) => (
  <span className="block font-mono text-xs break-all text-muted-foreground" title={proxy.url}>
    {proxy.url}
  </span>
);

const COLUMNS: ColumnDef<PoolProxy>[] = [
  { id: "name", header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
  { id: "url", header: "URL", cell: ({ row }) => <MaskedUrl proxy={row.original} />, meta: { className: "max-w-72" } },
  { id: "health", header: "Health", cell: ({ row }) => <ProxyHealthDetails health={row.original.health} />, meta: { className: "max-w-72 whitespace-normal" } },
  { id: "usage", header: "Instances", cell: ({ row }) => <ProxyUsage proxy={row.original} /> },
  { id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <Actions proxy={row.original} /> },
];

function ProxyCards({ proxies, isLoading }: { proxies: readonly PoolProxy[]; isLoading: boolean }) {
  if (isLoading) return <Skeleton className="h-32 w-full rounded-xl" />;
  return (
    <ul className="flex flex-col gap-2" aria-label="Proxies">
      {proxies.map((proxy) => (
        <li key={proxy.id} className="flex flex-col gap-3 rounded-xl border bg-card p-3">
          <div className="flex items-start justify-between gap-2">
            <div className="min-w-0">
              <p className="font-medium break-words">{proxy.name}</p>
              <MaskedUrl proxy={proxy} />
            </div>
            <ProxyUsage proxy={proxy} />
          </div>
          <ProxyHealthDetails health={proxy.health} />
          <Actions proxy={proxy} />
        </li>
      ))}
    </ul>
  );
}

/** The pool: each proxy's masked URL, health, usage, and its actions. Polled while on screen (health has no events). */
export function ProxiesTable() {
  const list = useQuery({ ...proxyListOptions(), refetchInterval: POOL_POLL_MS });
  const data = useMemo(() => list.data ?? [], [list.data]);
  const { show, editing, editOpen, deleteOpen, target, onOpenChange } = useRowDialogs(data);
  const remove = useMutation(deleteProxyMutation());

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: COLUMNS, getRowId: (row) => row.id, getCoreRowModel: getCoreRowModel() });

  if (list.isError && !list.data) return <LoadErrorState title="Could not load the proxies" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isSuccess && data.length === 0) {
    return (
      <EmptyState
        icon={Network}
        title="No proxies yet"
        description="The pool holds the proxies your instances connect to WhatsApp through, so numbers do not all leave from the gateway's own address. Add one, test it, then assign it to instances (or let new instances take the least used one)."
        action={<AddProxyButton />}
      />
    );
  }
  return (
    <ShowContext.Provider value={show}>
      <RefreshError what="proxies" query={list} />
      <TableOrCards table={<DataTable table={table} isLoading={list.isPending} aria-label="Proxies" />} cards={<ProxyCards proxies={data} isLoading={list.isPending} />} />
      {editing ? <ProxyFormDialog key={editing.id} open={editOpen} onOpenChange={onOpenChange} proxy={editing} /> : null}
      <ConfirmDialog
        open={deleteOpen}
        onOpenChange={onOpenChange}
        title="Delete this proxy?"
        description={
          <>
            <p className="font-medium break-all">{target?.name}</p>
            <p className="mt-2">
              {target?.instances
                ? `${target.instances} instance${target.instances === 1 ? " uses" : "s use"} it: the gateway refuses to delete it until they are moved to another proxy or to direct.`
                : "No instance uses it. It leaves the pool at once."}
            </p>
          </>
        }
        confirmLabel="Delete"
        onConfirm={() => target && remove.mutate(target.id)}
      />
    </ShowContext.Provider>
  );
}
