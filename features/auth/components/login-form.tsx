"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, Loader2, LogIn } from "lucide-react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { ApiClientError } from "@/shared/lib/api-client";
import { waitTime } from "@/shared/lib/format-time";
import { Button } from "@/shared/ui/button";
import { Input } from "@/shared/ui/input";
import { Field, FieldError, FieldLabel } from "@/shared/ui/field";
import { useLogin, type LoginFormValues } from "../api/auth";
import { loginFormSchema } from "../api/auth-form-schemas";
import { safeNext } from "../lib/safe-next";

function messageFor(error: unknown): string {
  if (!(error instanceof ApiClientError)) return "Something went wrong. Try again.";
  if (error.status === 429) return `Too many failed attempts. Try again in ${error.retryAfterSeconds ? waitTime(error.retryAfterSeconds) : "a few minutes"}.`;
  if (error.status === 401) return "Wrong username or password.";
  return error.message;
}

export function LoginForm({ next }: { next?: string }) {
  const router = useRouter();
  const login = useLogin();
  const form = useForm<LoginFormValues>({ resolver: zodResolver(loginFormSchema), defaultValues: { username: "", password: "" } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    login.mutate(values, {
      onSuccess: () => {
        router.replace(safeNext(next));
        router.refresh();
      },
      onError: () => form.setValue("password", ""),
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-describedby={login.isError ? "login-error" : undefined}>
      {login.isError ? (
        <FieldError id="login-error" className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
          {messageFor(login.error)}
        </FieldError>
      ) : null}
      <Field data-invalid={!!errors.username}>
        <FieldLabel htmlFor="username">Username</FieldLabel>
        <Input id="username" autoComplete="username" autoFocus aria-invalid={!!errors.username} aria-describedby={errors.username ? "username-error" : undefined} {...form.register("username")} />
        {errors.username ? <FieldError id="username-error">Enter your username.</FieldError> : null}
      </Field>
      <Field data-invalid={!!errors.password}>
        <FieldLabel htmlFor="password">Password</FieldLabel>
        <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} aria-describedby={errors.password ? "password-error" : undefined} {...form.register("password")} />
        {errors.password ? <FieldError id="password-error">Enter your password.</FieldError> : null}
      </Field>
      <Button type="submit" disabled={login.isPending || login.isSuccess} className="mt-2">
        {login.isPending || login.isSuccess ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <LogIn className="size-4" aria-hidden />}
        Sign in
      </Button>
    </form>
  );
}
