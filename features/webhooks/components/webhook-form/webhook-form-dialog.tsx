"use client";

import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { Controller, useForm } from "react-hook-form";
import type { Webhook, WebhookWithSecret } from "@/contract/webhooks";
import { fieldMessage } from "@/shared/lib/field-message";
import { ApiClientError } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Input } from "@/shared/ui/input";
import { Field, FieldError, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Switch } from "@/shared/ui/switch";
import { Textarea } from "@/shared/ui/textarea";
import { createWebhookMutation, updateWebhookMutation } from "../../api/webhooks";
import {
  emptyWebhookForm,
  formPathOf,
  toCreateRequest,
  toUpdateRequest,
  webhookFormSchema,
  webhookToForm,
  type InstanceChoice,
  type WebhookFormOutput,
  type WebhookFormValues,
} from "../../api/webhook-form-schema";
import { EventPicker } from "@/shared/components/webhook-events/event-picker";
import { HeadersEditor } from "./headers-editor";

const ALL_INSTANCES = "__all__";

/** The contract's messages read as the end of a sentence ("must be https"): put the field's name in front. */

/** Create or edit an endpoint. Closing the dialog unmounts the form, so every opening starts from fresh values. */
export function WebhookFormDialog({
  open,
  onOpenChange,
  webhook,
  instances,
  defaultInstanceId,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  webhook?: Webhook;
  instances: readonly InstanceChoice[];
  defaultInstanceId?: string;
  onCreated?: (created: WebhookWithSecret) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <WebhookForm webhook={webhook} instances={instances} defaultInstanceId={defaultInstanceId} onDone={(created) => {
          onOpenChange(false);
          if (created) onCreated?.(created);
        }} onCancel={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function WebhookForm({
  webhook,
  instances,
  defaultInstanceId,
  onDone,
  onCancel,
}: {
  webhook?: Webhook;
  instances: readonly InstanceChoice[];
  defaultInstanceId?: string;
  onDone: (created?: WebhookWithSecret) => void;
  onCancel: () => void;
}) {
  const create = useMutation(createWebhookMutation());
  const update = useMutation(updateWebhookMutation(webhook?.id ?? ""));
  const form = useForm<WebhookFormValues, unknown, WebhookFormOutput>({
    resolver: zodResolver(webhookFormSchema),
    defaultValues: webhook ? webhookToForm(webhook) : emptyWebhookForm(defaultInstanceId),
  });
  const { errors } = form.formState;
  const pending = create.isPending || update.isPending;
  // A bound instance that is gone from the list (deleted) still needs a choice to show.
  const choices = webhook?.instanceId && !instances.some((i) => i.id === webhook.instanceId) ? [...instances, { id: webhook.instanceId, name: webhook.instanceId }] : instances;

  const onError = (error: Error) => {
    const issues = error instanceof ApiClientError ? error.issues : [];
    let placed = false;
    for (const issue of issues) {
      const path = formPathOf(issue.path);
      if (path) {
        form.setError(path as keyof WebhookFormValues, { message: issue.message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) form.setError("root", { message: error.message });
  };

  const onSubmit = form.handleSubmit((values) => {
    if (webhook) update.mutate(toUpdateRequest(values), { onSuccess: () => onDone(), onError });
    else create.mutate(toCreateRequest(values), { onSuccess: (created) => onDone(created), onError });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <DialogHeader>
        <DialogTitle>{webhook ? "Edit endpoint" : "New endpoint"}</DialogTitle>
        <DialogDescription>Events are POSTed as JSON, signed with the endpoint&apos;s secret (Standard Webhooks), and retried for days until the receiver answers 2xx.</DialogDescription>
      </DialogHeader>

      <Field data-invalid={!!errors.url}>
        <FieldLabel htmlFor="webhook-url">URL</FieldLabel>
        <Input
          id="webhook-url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/whatsapp"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={!!errors.url}
          aria-describedby={errors.url ? "webhook-url-error" : undefined}
          {...form.register("url")}
        />
        <FieldError id="webhook-url-error">{fieldMessage("URL", errors.url?.message, "Enter the URL the gateway should send events to.")}</FieldError>
      </Field>

      <Field data-invalid={!!errors.description}>
        <FieldLabel htmlFor="webhook-description">
          Description <span className="font-normal text-muted-foreground">(optional)</span>
        </FieldLabel>
        <Textarea
          id="webhook-description"
          rows={2}
          placeholder="e.g. CRM inbox"
          aria-invalid={!!errors.description}
          aria-describedby={errors.description ? "webhook-description-error" : undefined}
          {...form.register("description")}
        />
        <FieldError id="webhook-description-error">{fieldMessage("Description", errors.description?.message)}</FieldError>
      </Field>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field data-invalid={!!errors.instanceId}>
          <FieldLabel htmlFor="webhook-scope">Instances</FieldLabel>
          <Controller
            control={form.control}
            name="instanceId"
            render={({ field }) => (
              <Select value={field.value || ALL_INSTANCES} onValueChange={(value) => field.onChange(value === ALL_INSTANCES ? "" : value)}>
                <SelectTrigger id="webhook-scope" className="w-full" aria-invalid={!!errors.instanceId} aria-describedby={errors.instanceId ? "webhook-scope-error" : undefined}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL_INSTANCES}>All instances</SelectItem>
                  {choices.length > 0 ? <SelectSeparator /> : null}
                  {choices.map((i) => (
                    <SelectItem key={i.id} value={i.id}>
                      {i.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
          <FieldError id="webhook-scope-error">{fieldMessage("Instance", errors.instanceId?.message)}</FieldError>
        </Field>
        <Field>
          <FieldLabel htmlFor="webhook-enabled">Status</FieldLabel>
          <Controller
            control={form.control}
            name="enabled"
            render={({ field }) => (
              <div className="flex h-9 items-center gap-3">
                <Switch id="webhook-enabled" checked={field.value} onCheckedChange={field.onChange} />
                <span className="text-sm text-muted-foreground">{field.value ? "Enabled: receives events" : "Disabled: receives nothing"}</span>
              </div>
            )}
          />
        </Field>
      </div>

      <Controller
        control={form.control}
        name="events"
        render={({ field }) => <EventPicker value={field.value} onChange={field.onChange} error={fieldMessage("Events", errors.events?.message)} />}
      />

      <HeadersEditor control={form.control} register={form.register} errors={errors.headers} />

      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          {webhook ? "Save" : "Create endpoint"}
        </Button>
      </DialogFooter>
    </form>
  );
}
