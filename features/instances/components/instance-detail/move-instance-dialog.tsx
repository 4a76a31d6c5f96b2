"use client";

import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import type { GatewayNode } from "@/contract/cluster";
import type { Instance } from "@/contract/instances";
import { FormLoading } from "@/shared/components/feedback/form-loading";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/shared/ui/dialog";

// The form (Radix Select) loads when the dialog first opens, or when the pointer or focus reaches the button before that.
const loadForm = () => import("./move-instance-form");
const MoveInstanceForm = dynamic(() => loadForm().then((m) => m.MoveInstanceForm), { ssr: false, loading: () => <FormLoading /> });

/** Cluster mode: move the instance to another live node that is not draining. */
export function MoveInstanceDialog({ instance, nodes, children }: { instance: Instance; nodes: GatewayNode[]; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()}>
        {children}
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Move to another node</DialogTitle>
          <DialogDescription>
            Its session ends {instance.node ? <>on “{instance.node}”</> : "where it runs now"} and starts on the node you pick within seconds. A linked number needs no new scan.
          </DialogDescription>
        </DialogHeader>
        <MoveInstanceForm instance={instance} nodes={nodes} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
