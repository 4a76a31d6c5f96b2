"use client";

import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Checkbox } from "@/shared/ui/checkbox";
import { DialogFooter } from "@/shared/ui/dialog";
import { Input } from "@/shared/ui/input";
import { Field, FieldContent, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { createKeyFormSchema, toCreateRequest, type CreateKeyFormValues } from "../api/api-key-form-schema";
import { createApiKeyMutation } from "../api/api-keys";
import type { InstanceChoice } from "./create-api-key-dialog";

const EXPIRY: Record<CreateKeyFormValues["expiry"], string> = { never: "Never", "7": "In 7 days", "30": "In 30 days", "90": "In 90 days", "365": "In a year" };

/** The new-key form (react-hook-form, zod, three selects, the keys:manage checkbox); loaded when its dialog first opens. */
export function CreateApiKeyForm({
  instances,
  fixedInstanceId,
  onCancel,
  onCreated,
}: {
  instances: InstanceChoice[];
  fixedInstanceId?: string;
  onCancel: () => void;
  onCreated: (created: { token: string; name: string }) => void;
}) {
  const create = useMutation(createApiKeyMutation());
  const form = useForm<CreateKeyFormValues>({
    resolver: zodResolver(createKeyFormSchema),
    defaultValues: { name: "", scope: fixedInstanceId ? "instance" : "admin", instanceId: fixedInstanceId, expiry: "never", keysManage: false },
  });
  const scope = useWatch({ control: form.control, name: "scope" });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    create.mutate(toCreateRequest(values), {
      onSuccess: ({ token, key }) => {
        form.reset();
        onCreated({ token, name: key.name });
      },
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field data-invalid={!!errors.name}>
        <FieldLabel htmlFor="key-name">Name</FieldLabel>
        <Input id="key-name" placeholder="e.g. CRM integration" aria-invalid={!!errors.name} aria-describedby={errors.name ? "key-name-error" : undefined} {...form.register("name")} />
        <FieldError id="key-name-error">{fieldMessage("Name", errors.name?.message)}</FieldError>
      </Field>
      {fixedInstanceId ? null : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field>
            <FieldLabel htmlFor="key-scope">Scope</FieldLabel>
            <Controller
              control={form.control}
              name="scope"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger id="key-scope" className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="admin">Admin (all routes)</SelectItem>
                    <SelectItem value="instance">One instance</SelectItem>
                    <SelectItem value="metrics">Metrics (Prometheus: GET /metrics only)</SelectItem>
                  </SelectContent>
                </Select>
              )}
            />
          </Field>
          {scope === "instance" ? (
            <Field data-invalid={!!errors.instanceId}>
              <FieldLabel htmlFor="key-instance">Instance</FieldLabel>
              <Controller
                control={form.control}
                name="instanceId"
                render={({ field }) => (
                  <Select value={field.value ?? ""} onValueChange={field.onChange}>
                    <SelectTrigger id="key-instance" className="w-full" aria-invalid={!!errors.instanceId} aria-describedby={errors.instanceId ? "key-instance-error" : undefined}>
                      <SelectValue placeholder="Choose…" />
                    </SelectTrigger>
                    <SelectContent>
                      {instances.map((i) => (
                        <SelectItem key={i.id} value={i.id}>
                          {i.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
              <FieldError id="key-instance-error">{fieldMessage("Instance", errors.instanceId?.message)}</FieldError>
            </Field>
          ) : null}
        </div>
      )}
      {scope === "admin" ? (
        <Field orientation="horizontal">
          <Controller
            control={form.control}
            name="keysManage"
            render={({ field }) => (
              <Checkbox
                id="key-manage"
                className="mt-0.5"
                checked={field.value}
                onCheckedChange={(checked) => field.onChange(checked === true)}
                onBlur={field.onBlur}
                aria-describedby="key-manage-hint"
              />
            )}
          />
          <FieldContent>
            <FieldLabel htmlFor="key-manage">May create and revoke API keys (keys:manage)</FieldLabel>
            <FieldDescription id="key-manage-hint">Leave it off unless this key manages other keys: a leaked key without it cannot mint a successor before you revoke it.</FieldDescription>
          </FieldContent>
        </Field>
      ) : null}
      <Field>
        <FieldLabel htmlFor="key-expiry">Expires</FieldLabel>
        <Controller
          control={form.control}
          name="expiry"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger id="key-expiry" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(EXPIRY).map(([value, label]) => (
                  <SelectItem key={value} value={value}>
                    {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
      </Field>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          Create
        </Button>
      </DialogFooter>
    </form>
  );
}
