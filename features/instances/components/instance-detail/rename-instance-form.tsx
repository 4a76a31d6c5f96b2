"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { UpdateInstanceRequest, type Instance } from "@/contract/instances";
import { fieldMessage } from "@/shared/lib/field-message";
import { ApiClientError } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";
import { DialogFooter } from "@/shared/ui/dialog";
import { Input } from "@/shared/ui/input";
import { Field, FieldError, FieldLabel } from "@/shared/ui/field";
import { renameInstanceMutation } from "../../api/instances";

/** The rename dialog's form, loaded when the dialog first opens (react-hook-form is not on the page before). */
export function RenameInstanceForm({ instance, onDone }: { instance: Instance; onDone: () => void }) {
  const rename = useMutation(renameInstanceMutation(instance.id));
  const form = useForm<{ name: string }>({ resolver: zodResolver(UpdateInstanceRequest), values: { name: instance.name } });
  const error = form.formState.errors.name?.message;
  const onSubmit = form.handleSubmit(({ name }) =>
    rename.mutate(name, {
      onSuccess: onDone,
      // A taken name is the field's problem, said under it (other failures get the mutation's toast).
      onError: (failure) => failure instanceof ApiClientError && failure.status === 409 && form.setError("name", { type: "server", message: failure.message }, { shouldFocus: true }),
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field data-invalid={!!error}>
        <FieldLabel htmlFor="rename-name">Name</FieldLabel>
        <Input id="rename-name" aria-invalid={!!error} aria-describedby={error ? "rename-name-error" : undefined} {...form.register("name")} />
        {error ? <FieldError id="rename-name-error">{fieldMessage("Name", error, "Enter a name for the instance.")}</FieldError> : null}
      </Field>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={rename.isPending}>
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
