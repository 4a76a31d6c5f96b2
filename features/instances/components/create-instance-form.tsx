"use client";

import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ComponentType } from "react";
import { Controller, useForm } from "react-hook-form";
import { BROWSER_PRESETS, type CreateInstanceRequest } from "@/contract/instances";
import { fieldMessage } from "@/shared/lib/field-message";
import { ApiClientError } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";
import { DialogFooter } from "@/shared/ui/dialog";
import { Input } from "@/shared/ui/input";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { createInstanceFormSchema, type CreateInstanceFormValues } from "../api/instance-form-schemas";
import { createInstanceMutation } from "../api/instances";

const PRESET_LABELS: Record<keyof typeof BROWSER_PRESETS, string> = {
  default: "WhatsApp API Manager (Chrome)",
  "mac-desktop": "macOS desktop app",
  "windows-chrome": "Chrome on Windows",
  "ubuntu-chrome": "Chrome on Ubuntu",
};

const ENTER_NAME = "Enter a name for the instance.";

/** What other features add to a new instance: its settings template and its proxy (left out: the gateway's defaults). */
export type CreateSetup = Pick<CreateInstanceRequest, "template" | "proxy">;
/** Fields the app layer composes into the form (features never import each other); they report what they chose. */
export type CreateSetupFields = ComponentType<{ onChange: (setup: CreateSetup) => void }>;

/** The new-instance form; on success it closes its dialog and opens the instance page with the QR showing. */
export function CreateInstanceForm({ onClose, setupFields: SetupFields }: { onClose: () => void; setupFields?: CreateSetupFields }) {
  const router = useRouter();
  const [setup, setSetup] = useState<CreateSetup>({});
  const create = useMutation(createInstanceMutation());
  const form = useForm<CreateInstanceFormValues>({ resolver: zodResolver(createInstanceFormSchema), defaultValues: { name: "", browserPreset: "default" } });
  const { errors } = form.formState;
  // The dialog opens with the cursor in Name (Radix would otherwise focus the first control it finds: Close).
  useEffect(() => form.setFocus("name"), [form]);

  const onSubmit = form.handleSubmit((values) => {
    const preset = BROWSER_PRESETS[values.browserPreset as keyof typeof BROWSER_PRESETS] ?? BROWSER_PRESETS.default;
    create.mutate(
      { name: values.name, browser: [...preset], connect: true, ...setup },
      {
        onSuccess: (instance) => {
          onClose();
          form.reset();
          router.push(`/instances/${instance.id}`);
        },
        onError: (error) => {
          // A taken name (a 409 about body.name) and a name the gateway refuses belong under the name field; anything
          // else (a full proxy is a 409 too) under the form.
          if (error instanceof ApiClientError && error.status === 409 && error.issues.some((i) => i.path === "body.name")) return form.setError("name", { message: error.message }, { shouldFocus: true });
          const issue = error instanceof ApiClientError ? error.issues.find((i) => i.path === "body.name") : undefined;
          form.setError(issue ? "name" : "root", { message: issue ? fieldMessage("Name", issue.message, ENTER_NAME) : error.message });
        },
      },
    );
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field data-invalid={!!errors.name}>
        <FieldLabel htmlFor="instance-name">Name</FieldLabel>
        <Input id="instance-name" placeholder="e.g. Sales line" autoComplete="off" aria-invalid={!!errors.name} aria-describedby="instance-name-help" {...form.register("name")} />
        {errors.name ? <FieldError id="instance-name-help">{fieldMessage("Name", errors.name.message, ENTER_NAME)}</FieldError> : <FieldDescription id="instance-name-help">Up to 64 letters, digits, spaces, dots, dashes or underscores.</FieldDescription>}
      </Field>
      <Field>
        <FieldLabel htmlFor="browser-preset">Shown on the phone as</FieldLabel>
        <Controller
          control={form.control}
          name="browserPreset"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger id="browser-preset" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(PRESET_LABELS).map(([value, label]) => (
                  <SelectItem key={value} value={value}>
                    {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
        <FieldDescription>The browser name WhatsApp lists under Linked devices.</FieldDescription>
      </Field>
      {SetupFields ? <SetupFields onChange={setSetup} /> : null}
      <FieldError errors={[errors.root]} />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          Create and show QR
        </Button>
      </DialogFooter>
    </form>
  );
}
