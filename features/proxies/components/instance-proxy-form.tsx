"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2, PlugZap } from "lucide-react";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import * as z from "zod/mini";
import type { InstanceProxy } from "@/contract/proxies";
import { ProxyUrl } from "@/contract/proxy-url";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { proxyListOptions, setInstanceProxyMutation } from "../api/proxies";
import { choiceOf, choiceWords, specOf, type ProxyChoice } from "../lib/proxy-choice";
import { autoHasRoom } from "../lib/proxy-words";
import { PoolProxyOptions } from "./proxy-choice-select";
import { PROXY_URL_PLACEHOLDER, useProxyUrlTest } from "./proxy-url-test";

const FormValues = z
  .object({ choice: z.string(), url: z.string() })
  .check(
    z.superRefine((values, ctx) => {
      if (values.choice !== "custom") return;
      const parsed = ProxyUrl.safeParse(values.url);
      if (!parsed.success) ctx.addIssue({ code: "custom", path: ["url"], message: parsed.error.issues[0]?.message ?? "is not a proxy URL" });
    }),
  );
type FormValues = z.infer<typeof FormValues>;

/** Direct, automatic, a pool proxy, or a custom URL (with Test); asks before restarting a running session. */
export function InstanceProxyForm({ instanceId, current, running }: { instanceId: string; current: InstanceProxy; running: boolean }) {
  const pool = useQuery(proxyListOptions());
  const save = useMutation(setInstanceProxyMutation(instanceId));
  const tester = useProxyUrlTest();
  const [confirming, setConfirming] = useState<FormValues | null>(null);
  const form = useForm<FormValues>({ resolver: zodResolver(FormValues), defaultValues: { choice: choiceOf(current), url: "" } });
  const choice = useWatch({ control: form.control, name: "choice" });
  const { errors, isDirty } = form.formState;
  const proxies = pool.data ?? [];
  // A custom URL is never shown again: choosing "custom" again means typing one.
  const unchanged = choice !== "custom" && choice === choiceOf(current);

  const submit = (values: FormValues) =>
    save.mutate(specOf(values.choice as ProxyChoice, values.url), {
      onError: (error) => form.setError("root", { message: error.message }),
    });
  const onSubmit = form.handleSubmit((values) => (running ? setConfirming(values) : submit(values)));
  const test = () => {
    form.clearErrors("url");
    tester.run(form.getValues("url"), (message) => form.setError("url", { message }, { shouldFocus: true }));
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Proxy">
      <Field data-invalid={!!errors.choice}>
        <FieldLabel htmlFor="instance-proxy-choice">Connect through</FieldLabel>
        <Controller
          control={form.control}
          name="choice"
          render={({ field }) => (
            <Select
              value={field.value}
              onValueChange={(value) => {
                form.clearErrors();
                tester.reset();
                field.onChange(value);
              }}
            >
              <SelectTrigger id="instance-proxy-choice" className="w-full min-w-0" aria-describedby="instance-proxy-choice-help">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="none">Direct (no proxy)</SelectItem>
                <SelectItem value="auto" disabled={pool.isSuccess && !autoHasRoom(proxies)}>
                  Automatic: least used pool proxy with room
                </SelectItem>
                <SelectItem value="custom">Custom URL</SelectItem>
                <PoolProxyOptions proxies={proxies} currentProxyId={current.proxyId} />
              </SelectContent>
            </Select>
          )}
        />
        <FieldDescription id="instance-proxy-choice-help">
          {choice === "auto"
            ? "Picks the pool proxy with the fewest instances among those below their cap and not failing their check."
            : pool.isSuccess && proxies.length === 0
              ? "The pool is empty: add proxies on the Proxies page to choose one here."
              : "Pool proxies show their usage and health; a full one cannot be chosen."}
        </FieldDescription>
      </Field>

      {choice === "custom" ? (
        <div className="flex flex-col gap-2">
          <Field data-invalid={!!errors.url}>
            <FieldLabel htmlFor="instance-proxy-url">Proxy URL</FieldLabel>
            <Input
              id="instance-proxy-url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder={PROXY_URL_PLACEHOLDER}
              aria-invalid={!!errors.url}
              aria-describedby={errors.url ? "instance-proxy-url-error" : "instance-proxy-url-help"}
              {...form.register("url", { onChange: () => tester.reset() })}
            />
            {errors.url ? null : (
              <FieldDescription id="instance-proxy-url-help">
                {current.mode === "custom" ? "The saved URL is never shown again; enter it (or a new one) to change it." : "Only this instance uses it. Credentials are stored encrypted."}
              </FieldDescription>
            )}
            <FieldError id="instance-proxy-url-error">{fieldMessage("The URL", errors.url?.message, "Enter the proxy's URL.")}</FieldError>
          </Field>
          <div>
            <Button type="button" variant="outline" size="sm" onClick={test} disabled={tester.pending}>
              {tester.pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <PlugZap className="size-4" aria-hidden />} Test
            </Button>
          </div>
          {tester.outcome}
        </div>
      ) : null}

      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending || !isDirty || unchanged}>
          {save.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null} Save proxy
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title="Restart the session through the new proxy?"
        description={`The session is running. Saving switches it to ${confirming ? choiceWords(confirming.choice as ProxyChoice, proxies) : "the new proxy"} and restarts it through the new proxy with the same credentials: it reconnects by itself, no QR needed.`}
        confirmLabel="Save and restart"
        destructive={false}
        onConfirm={() => {
          if (confirming) submit(confirming);
          setConfirming(null);
        }}
      />
    </form>
  );
}
