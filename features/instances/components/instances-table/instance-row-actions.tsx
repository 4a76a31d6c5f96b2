"use client";

import { useMutation } from "@tanstack/react-query";
import { ExternalLink, LogOut, MoreHorizontal, Power, RefreshCw, RotateCcw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/shared/ui/dropdown-menu";
import { instanceActionMutation } from "../../api/instances";
import { ACTION_COPY, canRun, type InstanceAction } from "../../lib/instance-actions";
import { InstanceActionConfirm } from "../instance-action-confirm";
import { useInstance } from "./live-instance-cells";

/** Mounted only while the menu is open; reads the live status, which may be newer than the row's snapshot. */
function RowActionItems({ instance: snapshot, ask }: { instance: Instance; ask: (name: InstanceAction | "delete") => void }) {
  const instance = useInstance(snapshot);
  return (
    <>
      <DropdownMenuItem asChild>
        <Link href={`/instances/${instance.id}`}>
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

/** The row's actions menu, and the confirmation its destructive actions ask for. */
export function InstanceRowActions({ instance }: { instance: Instance }) {
  const action = useMutation(instanceActionMutation(instance.id));
  const [confirming, setConfirming] = useState<InstanceAction | "delete" | null>(null);
  const ask = (name: InstanceAction | "delete") => (ACTION_COPY[name].destructive ? setConfirming(name) : action.mutate(name));
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${instance.name}`}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-44">
          <RowActionItems instance={instance} ask={ask} />
        </DropdownMenuContent>
      </DropdownMenu>
      <InstanceActionConfirm instanceName={instance.name} action={confirming} onClose={() => setConfirming(null)} onConfirm={(name) => action.mutate(name)} />
    </>
  );
}
