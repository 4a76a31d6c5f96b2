"use client";

import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { MASKED_VALUE } from "@/contract/webhooks";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { FieldDescription, FieldError, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import type { WebhookFormValues } from "../../api/webhook-form-schema";

const MAX_HEADERS = 20;

/** Custom headers sent with every delivery; saved values stay masked and are kept unless a new one is typed. */
export function HeadersEditor({
  control,
  register,
  errors,
}: {
  control: Control<WebhookFormValues>;
  register: UseFormRegister<WebhookFormValues>;
  errors: FieldErrors<WebhookFormValues>["headers"];
}) {
  const { fields, append, remove } = useFieldArray({ control, name: "headers" });
  return (
    <FieldSet className="gap-2">
      <FieldLegend variant="label" className="mb-0">
        Custom headers
      </FieldLegend>
      <FieldDescription>
        Sent with every delivery, e.g. an <code className="font-mono">Authorization</code> your receiver expects. Values are never shown again once saved.
      </FieldDescription>
      {fields.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="Custom headers">
          {fields.map((field, index) => {
            const rowErrors = errors?.[index];
            const saved = field.savedName !== undefined;
            return (
              <li key={field.id} className="flex flex-col gap-1">
                <div className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
                  <Input placeholder="Header name" aria-label={`Header ${index + 1} name`} aria-invalid={!!rowErrors?.name} autoComplete="off" spellCheck={false} className="font-mono" {...register(`headers.${index}.name`)} />
                  <Input
                    placeholder={saved ? `${MASKED_VALUE} saved — type to replace` : "Value"}
                    aria-label={`Header ${index + 1} value`}
                    aria-invalid={!!rowErrors?.value}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                    {...register(`headers.${index}.value`)}
                  />
                  <Button type="button" variant="ghost" size="icon" onClick={() => remove(index)} aria-label={`Remove header ${index + 1}`}>
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </div>
                {rowErrors?.name?.message ? <FieldError>{fieldMessage("Header name", rowErrors.name.message, "Enter the header's name.")}</FieldError> : null}
                {rowErrors?.value?.message ? <FieldError>{fieldMessage("Header value", rowErrors.value.message, "Enter the header's value.")}</FieldError> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {errors?.root?.message || errors?.message ? <FieldError>{fieldMessage("Headers", errors.root?.message ?? errors.message)}</FieldError> : null}
      <div>
        <Button type="button" variant="outline" size="sm" disabled={fields.length >= MAX_HEADERS} onClick={() => append({ name: "", value: "" })}>
          <Plus className="size-4" aria-hidden /> Add header
        </Button>
      </div>
    </FieldSet>
  );
}
