"use client";

import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import type { Instance } from "@/contract/instances";
import { FormLoading } from "@/shared/components/feedback/form-loading";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/shared/ui/dialog";

// The form loads when the dialog first opens, or when the pointer or focus reaches the button before that.
const loadForm = () => import("./rename-instance-form");
const RenameInstanceForm = dynamic(() => loadForm().then((m) => m.RenameInstanceForm), { ssr: false, loading: () => <FormLoading /> });

export function RenameInstanceDialog({ instance, children }: { instance: Instance; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()}>
        {children}
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename instance</DialogTitle>
          <DialogDescription>The name is only for you; WhatsApp never sees it.</DialogDescription>
        </DialogHeader>
        <RenameInstanceForm instance={instance} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
