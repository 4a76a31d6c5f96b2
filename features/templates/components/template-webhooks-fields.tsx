"use client";

import { Plus, Trash2 } from "lucide-react";
import { Controller, useFieldArray, type UseFormReturn } from "react-hook-form";
import { EventPicker } from "@/shared/components/webhook-events/event-picker";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { emptyTemplateWebhook, type TemplateFormValues } from "../lib/template-form";

const MAX_WEBHOOKS = 10;

/** The webhooks each instance gets: a URL and its events per row. */
export function TemplateWebhooksFields({ form }: { form: UseFormReturn<TemplateFormValues> }) {
  const hooks = useFieldArray({ control: form.control, name: "webhooks" });
  const errors = form.formState.errors.webhooks;
  const listError = errors?.root?.message ?? errors?.message;
  return (
    <FieldSet>
      <FieldLegend>Webhooks</FieldLegend>
      <FieldDescription className="-mt-2">
        Each instance gets these endpoints, bound to it and signed with the template&apos;s secret. An instance that already has one at the URL gets its events updated.
      </FieldDescription>
      {hooks.fields.map((hook, index) => {
        const n = index + 1;
        const urlError = errors?.[index]?.url?.message;
        return (
          <div key={hook.id} className="flex flex-col gap-3 rounded-lg border p-3" data-testid="template-webhook">
            <Field data-invalid={!!urlError}>
              <div className="flex items-center justify-between gap-2">
                <FieldLabel htmlFor={`template-webhook-${index}-url`}>Webhook {n} URL</FieldLabel>
                <Button type="button" variant="ghost" size="sm" onClick={() => hooks.remove(index)} aria-label={`Remove webhook ${n}`}>
                  <Trash2 className="size-4" aria-hidden /> Remove
                </Button>
              </div>
              <Input
                id={`template-webhook-${index}-url`}
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://example.com/hooks/whatsapp"
                aria-invalid={!!urlError}
                {...form.register(`webhooks.${index}.url`)}
              />
              <FieldError>{fieldMessage("The URL", urlError, "Enter the webhook URL.")}</FieldError>
            </Field>
            <Controller
              control={form.control}
              name={`webhooks.${index}.events`}
              render={({ field }) => (
                <EventPicker value={field.value} onChange={field.onChange} legend={`Events of webhook ${n}`} error={fieldMessage("Events", errors?.[index]?.events?.message)} />
              )}
            />
          </div>
        );
      })}
      <FieldError>{fieldMessage("Webhooks", listError)}</FieldError>
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => hooks.append(emptyTemplateWebhook())} disabled={hooks.fields.length >= MAX_WEBHOOKS}>
          <Plus className="size-4" aria-hidden /> Add webhook
        </Button>
      </div>
    </FieldSet>
  );
}
