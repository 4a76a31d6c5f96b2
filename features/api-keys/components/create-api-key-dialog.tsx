"use client";

import { KeyRound } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { FormLoading } from "@/shared/components/feedback/form-loading";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/shared/ui/dialog";
import { ShowOnceDialog } from "./show-once-dialog";

export interface InstanceChoice {
  id: string;
  name: string;
}

// The form (react-hook-form, zod, the selects) loads when the dialog first opens, or when the pointer or focus
// reaches the button, so it is usually there before the click lands.
const loadForm = () => import("./create-api-key-form");
const CreateApiKeyForm = dynamic(() => loadForm().then((m) => m.CreateApiKeyForm), { ssr: false, loading: () => <FormLoading /> });

/** Create an admin key or an instance token, then show it once. */
export function CreateApiKeyDialog({ instances, fixedInstanceId, triggerLabel = "New API key" }: { instances: InstanceChoice[]; fixedInstanceId?: string; triggerLabel?: string }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()}>
          <Button size={fixedInstanceId ? "sm" : "default"} variant={fixedInstanceId ? "outline" : "default"}>
            <KeyRound className="size-4" aria-hidden /> {triggerLabel}
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{fixedInstanceId ? "New instance token" : "New API key"}</DialogTitle>
            <DialogDescription>Admin keys can call every route. Instance tokens can only use their own instance.</DialogDescription>
          </DialogHeader>
          <CreateApiKeyForm
            instances={instances}
            fixedInstanceId={fixedInstanceId}
            onCancel={() => setOpen(false)}
            onCreated={(key) => {
              setOpen(false);
              setCreated(key);
            }}
          />
        </DialogContent>
      </Dialog>
      <ShowOnceDialog token={created?.token ?? null} name={created?.name ?? ""} onClose={() => setCreated(null)} />
    </>
  );
}
