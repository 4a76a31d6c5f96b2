"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, PlugZap } from "lucide-react";
import { useMemo } from "react";
import { useForm, type UseFormRegisterReturn } from "react-hook-form";
import type { PoolProxy } from "@/contract/proxies";
import { ApiClientError } from "@/shared/lib/api-client";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { createProxyMutation, updateProxyMutation } from "../api/proxies";
import { emptyProxyForm, proxyFieldOf, proxyFormSchema, proxyToForm, toCreateProxyRequest, toUpdateProxyRequest, type ProxyFormValues } from "../lib/proxy-form";
import { PROXY_URL_PLACEHOLDER, useProxyUrlTest } from "./proxy-url-test";

/** Add or edit a pool proxy. Closing the dialog unmounts the form, so every opening starts from fresh values. */
export function ProxyFormDialog({ open, onOpenChange, proxy }: { open: boolean; onOpenChange: (open: boolean) => void; proxy?: PoolProxy }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-lg">
        <ProxyForm proxy={proxy} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function TextField({ id, label, error, description, registration, ...input }: { id: string; label: string; error?: string; description?: string; registration: UseFormRegisterReturn; placeholder?: string; inputMode?: "url" | "numeric" }) {
  const describedBy = error ? `${id}-error` : description ? `${id}-description` : undefined;
  return (
    <Field data-invalid={!!error}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Input id={id} aria-invalid={!!error} aria-describedby={describedBy} autoComplete="off" spellCheck={false} {...input} {...registration} />
      {description && !error ? <FieldDescription id={`${id}-description`}>{description}</FieldDescription> : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}

function ProxyForm({ proxy, onDone }: { proxy?: PoolProxy; onDone: () => void }) {
  const create = useMutation(createProxyMutation());
  const update = useMutation(updateProxyMutation(proxy?.id ?? ""));
  const tester = useProxyUrlTest();
  const schema = useMemo(() => proxyFormSchema(!!proxy), [proxy]);
  const form = useForm<ProxyFormValues>({ resolver: zodResolver(schema), defaultValues: proxy ? proxyToForm(proxy) : emptyProxyForm() });
  const { errors } = form.formState;
  const pending = create.isPending || update.isPending;

  const onError = (error: Error) => {
    const issues = error instanceof ApiClientError ? error.issues : [];
    let placed = false;
    for (const issue of issues) {
      const field = proxyFieldOf(issue.path);
      if (field) form.setError(field, { message: issue.message }, { shouldFocus: !placed });
      placed ||= !!field;
    }
    if (!placed) form.setError("root", { message: error instanceof ApiClientError && error.status === 400 ? `The gateway refused it: ${error.message}` : error.message });
  };
  const onSubmit = form.handleSubmit((values) => {
    if (proxy) update.mutate(toUpdateProxyRequest(values), { onSuccess: onDone, onError });
    else create.mutate(toCreateProxyRequest(values), { onSuccess: onDone, onError });
  });
  const test = () => {
    form.clearErrors("url");
    tester.run(form.getValues("url"), (message) => form.setError("url", { message }, { shouldFocus: true }));
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={proxy ? "Edit proxy" : "Add proxy"}>
      <DialogHeader>
        <DialogTitle>{proxy ? `Edit ${proxy.name}` : "Add proxy"}</DialogTitle>
        <DialogDescription>
          An HTTP(S) or SOCKS5 proxy instances can connect to WhatsApp through. Credentials are stored encrypted and never shown again.
        </DialogDescription>
      </DialogHeader>
      <TextField id="proxy-name" label="Name" placeholder="e.g. Frankfurt 1" registration={form.register("name")} error={fieldMessage("Name", errors.name?.message, "Enter a name.")} />
      <div className="flex flex-col gap-2">
        <TextField
          id="proxy-url"
          label={proxy ? "New URL" : "URL"}
          inputMode="url"
          placeholder={PROXY_URL_PLACEHOLDER}
          description={
            proxy
              ? `Saved: ${proxy.url}. Leave empty to keep the saved address and credentials; a new URL replaces both (instances using it restart through it).`
              : "http://, https://, socks5:// or socks5h:// (the proxy resolves names). Percent-encode @ : / % in credentials."
          }
          registration={form.register("url", { onChange: () => tester.reset() })}
          error={fieldMessage("The URL", errors.url?.message, "Enter the proxy's URL.")}
        />
        <div>
          <Button type="button" variant="outline" size="sm" onClick={test} disabled={tester.pending}>
            {tester.pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <PlugZap className="size-4" aria-hidden />} Test
          </Button>
        </div>
        {tester.outcome}
      </div>
      <TextField
        id="proxy-max"
        label="Max instances"
        inputMode="numeric"
        placeholder="No cap"
        description="How many instances may use it at once. Empty: no cap."
        registration={form.register("maxInstances")}
        error={fieldMessage("Max instances", errors.maxInstances?.message)}
      />
      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          {proxy ? "Save" : "Add proxy"}
        </Button>
      </DialogFooter>
    </form>
  );
}
