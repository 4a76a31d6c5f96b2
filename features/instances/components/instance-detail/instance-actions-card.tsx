"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowRightLeft, LogOut, Pencil, Power, RefreshCw, RotateCcw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { GatewayNode } from "@/contract/cluster";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { instanceActionMutation } from "../../api/instances";
import { ACTION_COPY, canRun, type InstanceAction } from "../../lib/instance-actions";
import { MoveInstanceDialog } from "./move-instance-dialog";
import { RenameInstanceDialog } from "./rename-instance-dialog";
import { InstanceActionConfirm } from "../instance-action-confirm";

const ICONS = { connect: Power, restart: RefreshCw, logout: LogOut, reset: RotateCcw, delete: Trash2 };

/** Every lifecycle action, each explained in one line; destructive ones ask first. `nodes`: cluster mode only. */
export function InstanceActionsCard({ instance, nodes }: { instance: Instance; nodes?: GatewayNode[] }) {
  const router = useRouter();
  const action = useMutation(instanceActionMutation(instance.id));
  const [confirming, setConfirming] = useState<InstanceAction | "delete" | null>(null);
  const run = (name: InstanceAction | "delete") =>
    action.mutate(name, { onSuccess: () => (name === "delete" ? router.push("/instances") : undefined) });
  const actions: (InstanceAction | "delete")[] = ["connect", "restart", "logout", "reset", "delete"];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Actions</CardTitle>
        <CardDescription>What each one does is written beside it.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col divide-y">
        <div className="flex items-center justify-between gap-4 pb-3">
          <p className="text-sm text-muted-foreground">Give the instance another name. Nothing else changes.</p>
          <RenameInstanceDialog instance={instance}>
            <Button variant="outline" size="sm" className="w-28 shrink-0">
              <Pencil className="size-4" aria-hidden /> Rename
            </Button>
          </RenameInstanceDialog>
        </div>
        {nodes ? (
          <div className="flex items-center justify-between gap-4 py-3">
            <p className="text-sm text-muted-foreground">Run it on another gateway node. It reconnects there within seconds.</p>
            <MoveInstanceDialog instance={instance} nodes={nodes}>
              <Button variant="outline" size="sm" className="w-28 shrink-0">
                <ArrowRightLeft className="size-4" aria-hidden /> Move…
              </Button>
            </MoveInstanceDialog>
          </div>
        ) : null}
        {actions.map((name) => {
          const copy = ACTION_COPY[name];
          const Icon = ICONS[name];
          const enabled = canRun(name, instance.status) && !action.isPending;
          return (
            <div key={name} className="flex items-center justify-between gap-4 py-3 last:pb-0">
              <p className="text-sm text-muted-foreground">{copy.explain}</p>
              <Button
                variant={name === "delete" ? "destructive" : "outline"}
                size="sm"
                className="w-28 shrink-0"
                disabled={!enabled}
                onClick={() => (copy.destructive ? setConfirming(name) : run(name))}
              >
                <Icon className="size-4" aria-hidden /> {copy.label}
              </Button>
            </div>
          );
        })}
      </CardContent>
      <InstanceActionConfirm instanceName={instance.name} action={confirming} onClose={() => setConfirming(null)} onConfirm={(name) => run(name)} />
    </Card>
  );
}
