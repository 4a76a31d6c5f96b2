"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { fieldMessage } from "@/shared/lib/field-message";
import { ApiClientError } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";
import { Input } from "@/shared/ui/input";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { changePasswordFormSchema, type ChangePasswordFormValues } from "../api/auth-form-schemas";
import { useChangePassword } from "../api/auth";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password", required: "Enter your current password." },
  { name: "newPassword", label: "New password", autoComplete: "new-password", required: "Choose a new password.", hint: "At least 12 characters." },
  { name: "confirmPassword", label: "Repeat new password", autoComplete: "new-password", required: "Repeat the new password." },
] as const;

export function ChangePasswordForm() {
  const change = useChangePassword();
  const form = useForm<ChangePasswordFormValues>({
    resolver: zodResolver(changePasswordFormSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => {
        form.reset();
        toast.success("Password changed", { description: "Every other session has been signed out." });
      },
      onError: (error) => {
        const issue = error instanceof ApiClientError ? error.issues.find((i) => i.path === "body.currentPassword") : undefined;
        if (issue) form.setError("currentPassword", { message: "That is not your current password" });
        else toast.error("Could not change the password", { description: error.message });
      },
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-sm flex-col gap-4">
      {FIELDS.map((field) => {
        const error = fieldMessage(field.label, errors[field.name]?.message, field.required);
        const describedBy = error ? `${field.name}-error` : "hint" in field ? `${field.name}-hint` : undefined;
        return (
          <Field key={field.name} data-invalid={!!error}>
            <FieldLabel htmlFor={field.name}>{field.label}</FieldLabel>
            <Input id={field.name} type="password" autoComplete={field.autoComplete} aria-invalid={!!error} aria-describedby={describedBy} {...form.register(field.name)} />
            {error ? <FieldError id={`${field.name}-error`}>{error}</FieldError> : "hint" in field ? <FieldDescription id={`${field.name}-hint`}>{field.hint}</FieldDescription> : null}
          </Field>
        );
      })}
      <Button type="submit" disabled={change.isPending} className="self-start">
        {change.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
        Change password
      </Button>
    </form>
  );
}
