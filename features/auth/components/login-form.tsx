"use client";

import { AlertCircle, Loader2, LogIn } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/shared/ui/button";
import { Field, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import type { SignInState } from "../api/sign-in-action";

/**
 * The sign-in form, posting to its server action (`signInAction` bound to where to go next). It works before the
 * page's scripts have loaded, and the page carries none of the panel's client libraries (docs/architecture.md,
 * "The sign-in page"). After a refused attempt React resets the form: the username comes back, the password not.
 */
export function LoginForm({ action }: { action: (state: SignInState, form: FormData) => Promise<SignInState> }) {
  const [state, formAction, pending] = useActionState(action, { username: "" });
  return (
    <form action={formAction} noValidate className="flex flex-col gap-4" aria-describedby={state.error ? "login-error" : undefined}>
      {state.error ? (
        <FieldError id="login-error" className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
          {state.error}
        </FieldError>
      ) : null}
      <Field data-invalid={!!state.invalid?.username}>
        <FieldLabel htmlFor="username">Username</FieldLabel>
        <Input
          id="username"
          name="username"
          autoComplete="username"
          autoFocus
          defaultValue={state.username}
          aria-invalid={!!state.invalid?.username}
          aria-describedby={state.invalid?.username ? "username-error" : undefined}
        />
        {state.invalid?.username ? <FieldError id="username-error">Enter your username.</FieldError> : null}
      </Field>
      <Field data-invalid={!!state.invalid?.password}>
        <FieldLabel htmlFor="password">Password</FieldLabel>
        <Input id="password" name="password" type="password" autoComplete="current-password" aria-invalid={!!state.invalid?.password} aria-describedby={state.invalid?.password ? "password-error" : undefined} />
        {state.invalid?.password ? <FieldError id="password-error">Enter your password.</FieldError> : null}
      </Field>
      <Button type="submit" disabled={pending} className="mt-2">
        {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <LogIn className="size-4" aria-hidden />}
        Sign in
      </Button>
    </form>
  );
}
