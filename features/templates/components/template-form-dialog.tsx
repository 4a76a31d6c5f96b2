"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useMemo } from "react";
import { Controller, useForm, type FieldPath } from "react-hook-form";
import type { SettingsTemplate, SettingsTemplateWithSecret } from "@/contract/templates";
import { ApiClientError } from "@/shared/lib/api-client";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Separator } from "@/shared/ui/separator";
import { Switch } from "@/shared/ui/switch";
import { Textarea } from "@/shared/ui/textarea";
import { createTemplateMutation, updateTemplateMutation } from "../api/templates";
import { emptyTemplateForm, templateFieldOf, templateFormSchema, templateToForm, toCreateTemplateRequest, toUpdateTemplateRequest, type TemplateFormValues } from "../lib/template-form";
import { TemplateProxyFields } from "./template-proxy-fields";
import { TemplateSettingsFields } from "./template-settings-fields";
import { TemplateWebhooksFields } from "./template-webhooks-fields";

/** Create or edit a template. Closing the dialog unmounts the form, so every opening starts from fresh values. */
export function TemplateFormDialog({
  open,
  onOpenChange,
  template,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  template?: SettingsTemplate;
  onCreated?: (created: SettingsTemplateWithSecret) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <TemplateForm
          template={template}
          onCancel={() => onOpenChange(false)}
          onDone={(created) => {
            onOpenChange(false);
            if (created) onCreated?.(created);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function TemplateForm({ template, onDone, onCancel }: { template?: SettingsTemplate; onDone: (created?: SettingsTemplateWithSecret) => void; onCancel: () => void }) {
  const create = useMutation(createTemplateMutation());
  const update = useMutation(updateTemplateMutation(template?.id ?? ""));
  const schema = useMemo(() => templateFormSchema(template), [template]);
  const form = useForm<TemplateFormValues>({ resolver: zodResolver(schema), defaultValues: template ? templateToForm(template) : emptyTemplateForm() });
  const { errors } = form.formState;
  const pending = create.isPending || update.isPending;

  // The gateway's 400s name fields; anything else (a name taken: 409) is said above the buttons.
  const onError = (error: Error) => {
    let placed = false;
    for (const issue of error instanceof ApiClientError ? error.issues : []) {
      const field = templateFieldOf(issue.path);
      if (!field) continue;
      form.setError(field as FieldPath<TemplateFormValues>, { message: issue.message }, { shouldFocus: !placed });
      placed = true;
    }
    if (!placed) form.setError("root", { message: error instanceof ApiClientError && error.status === 400 ? `The gateway refused it: ${error.message}` : error.message });
  };
  const onSubmit = form.handleSubmit((values) => {
    if (template) update.mutate(toUpdateTemplateRequest(values, template), { onSuccess: () => onDone(), onError });
    else create.mutate(toCreateTemplateRequest(values), { onSuccess: (created) => onDone(created), onError });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-w-0 flex-col gap-6">
      <DialogHeader>
        <DialogTitle>{template ? "Edit template" : "New template"}</DialogTitle>
        <DialogDescription>Settings, a proxy policy and webhooks to give instances: the default template at create, or any template in bulk from the instances table.</DialogDescription>
      </DialogHeader>

      <div className="flex flex-col gap-4">
        <Field data-invalid={!!errors.name}>
          <FieldLabel htmlFor="template-name">Name</FieldLabel>
          <Input id="template-name" autoComplete="off" placeholder="e.g. Support desks" aria-invalid={!!errors.name} {...form.register("name")} />
          <FieldError>{fieldMessage("Name", errors.name?.message, "Enter a name.")}</FieldError>
        </Field>
        <Field data-invalid={!!errors.description}>
          <FieldLabel htmlFor="template-description">Description</FieldLabel>
          <Textarea id="template-description" rows={2} placeholder="What it is for (optional)" aria-invalid={!!errors.description} {...form.register("description")} />
          <FieldError>{fieldMessage("Description", errors.description?.message)}</FieldError>
        </Field>
        <Field orientation="horizontal">
          <Controller
            control={form.control}
            name="isDefault"
            render={({ field }) => <Switch id="template-isDefault" checked={field.value} onCheckedChange={field.onChange} aria-describedby="template-isDefault-help" />}
          />
          <div className="flex flex-col gap-1">
            <FieldLabel htmlFor="template-isDefault">Default for new instances</FieldLabel>
            <FieldDescription id="template-isDefault-help">Applied to every instance created without naming a template; takes over from the current default.</FieldDescription>
          </div>
        </Field>
      </div>

      <Separator />
      <TemplateSettingsFields form={form} />
      <Separator />
      <TemplateProxyFields form={form} />
      <Separator />
      <TemplateWebhooksFields form={form} />

      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          {template ? "Save" : "Create template"}
        </Button>
      </DialogFooter>
    </form>
  );
}
