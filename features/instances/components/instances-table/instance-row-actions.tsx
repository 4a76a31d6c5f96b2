"use client";

import { useMutation } from "@tanstack/react-query";
import { ExternalLink, LogOut, Power, RefreshCw, RotateCcw, Trash2 } from "lucide-react";
import Link from "next/link";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { Instance } from "@/contract/instances";
import { RowActionsTrigger } from "@/shared/components/data-table/row-actions-trigger";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator } from "@/shared/ui/dropdown-menu";
import { anyInstanceActionMutation } from "../../api/instances";
import { ACTION_COPY, canRun, type InstanceAction } from "../../lib/instance-actions";
import { InstanceActionConfirm } from "../instance-action-confirm";
import { useInstance } from "./live-instance-cells";

type Ask = (instance: Instance, action: InstanceAction | "delete") => void;

const AskContext = createContext<Ask | null>(null);

/**
 * The list's one action runner and one confirmation, shared by every row's menu: a row mounts only its menu, not a
 * mutation observer and a closed dialog of its own (fifty of each on a page of the instances list).
 */
export function InstanceRowActionsProvider({ children }: { children: ReactNode }) {
  const { mutate } = useMutation(anyInstanceActionMutation());
  const [confirming, setConfirming] = useState<{ instance: Instance; action: InstanceAction | "delete" } | null>(null);
  // Stable (TanStack's mutate is): the rows that read it do not re-render as the action runs or the dialog opens.
  const ask = useCallback<Ask>((instance, name) => (ACTION_COPY[name].destructive ? setConfirming({ instance, action: name }) : mutate({ id: instance.id, action: name })), [mutate]);
  return (
    <AskContext value={ask}>
      {children}
      <InstanceActionConfirm
        instanceName={confirming?.instance.name ?? ""}
        action={confirming?.action ?? null}
        onClose={() => setConfirming(null)}
        onConfirm={(name) => confirming && mutate({ id: confirming.instance.id, action: name })}
      />
    </AskContext>
  );
}

/** Mounted only while the menu is open; reads the live status, which may be newer than the row's snapshot. */
function RowActionItems({ instance: snapshot, ask }: { instance: Instance; ask: (name: InstanceAction | "delete") => void }) {
  const instance = useInstance(snapshot);
  return (
    <>
      <DropdownMenuItem asChild>
        <Link prefetch={false} href={`/instances/${instance.id}`}>
          <ExternalLink className="size-4" aria-hidden /> Open
        </Link>
      </DropdownMenuItem>
      <DropdownMenuSeparator />
      <DropdownMenuItem disabled={!canRun("connect", instance.status)} onSelect={() => ask("connect")}>
        <Power className="size-4" aria-hidden /> Reconnect
      </DropdownMenuItem>
      <DropdownMenuItem onSelect={() => ask("restart")}>
        <RefreshCw className="size-4" aria-hidden /> Restart
      </DropdownMenuItem>
      <DropdownMenuItem disabled={!canRun("logout", instance.status)} onSelect={() => ask("logout")}>
        <LogOut className="size-4" aria-hidden /> Log out
      </DropdownMenuItem>
      <DropdownMenuItem onSelect={() => ask("reset")}>
        <RotateCcw className="size-4" aria-hidden /> Reset
      </DropdownMenuItem>
      <DropdownMenuSeparator />
      <DropdownMenuItem variant="destructive" onSelect={() => ask("delete")}>
        <Trash2 className="size-4" aria-hidden /> Delete
      </DropdownMenuItem>
    </>
  );
}

/** The row's actions menu; its actions run, and the destructive ones are confirmed, by the list's provider. */
export function InstanceRowActions({ instance }: { instance: Instance }) {
  const ask = useContext(AskContext);
  if (!ask) throw new Error("InstanceRowActions must be inside an InstanceRowActionsProvider");
  return (
    <DropdownMenu>
      <RowActionsTrigger name={instance.name} />
      <DropdownMenuContent align="end" className="w-44">
        <RowActionItems instance={instance} ask={(name) => ask(instance, name)} />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
