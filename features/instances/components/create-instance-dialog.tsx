"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { FormLoading } from "@/shared/components/feedback/form-loading";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/shared/ui/dialog";
import type { CreateSetupFields } from "./create-instance-form";

// The form (react-hook-form, the select, zod) loads when the dialog first opens — or when the pointer or focus
// reaches the button, so it is usually there before the click lands.
const loadForm = () => import("./create-instance-form");
const CreateInstanceForm = dynamic(() => loadForm().then((m) => m.CreateInstanceForm), { ssr: false, loading: () => <FormLoading /> });

/**
 * Create an instance and land on its page with the QR showing. `setupFields`: what the app layer adds to the form
 * (the template and proxy choices of other features); pass it through `next/dynamic` so it loads with the form.
 */
export function CreateInstanceDialog({ trigger, setupFields }: { trigger?: React.ReactNode; setupFields?: CreateSetupFields }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()}>
        {trigger ?? (
          <Button>
            <Plus className="size-4" aria-hidden /> New instance
          </Button>
        )}
      </DialogTrigger>
      {/* Four fields with the app layer's template and proxy: it scrolls on a short phone screen. */}
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>New instance</DialogTitle>
          <DialogDescription>One instance links one WhatsApp number. You will scan its QR code next.</DialogDescription>
        </DialogHeader>
        <CreateInstanceForm onClose={() => setOpen(false)} setupFields={setupFields} />
      </DialogContent>
    </Dialog>
  );
}
