"use client";

import { useQuery } from "@tanstack/react-query";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { proxyPoolOptions } from "../api/templates";
import type { ProxyChoice, TemplateFormValues } from "../lib/template-form";

type Form = UseFormReturn<TemplateFormValues>;

const MODES: Array<{ value: ProxyChoice; label: string }> = [
  { value: "keep", label: "Leave as is" },
  { value: "none", label: "Direct (no proxy)" },
  { value: "auto", label: "Automatic from the pool" },
  { value: "pool", label: "A proxy from the pool" },
];

const HELP: Record<ProxyChoice, string> = {
  keep: "Each instance keeps the proxy it has.",
  none: "Instances connect to WhatsApp directly.",
  auto: "The healthy pool proxy with the fewest instances and room under its cap, chosen per instance.",
  pool: "Every instance goes through this proxy, up to its cap.",
};

function PoolProxyField({ form }: { form: Form }) {
  const pool = useQuery(proxyPoolOptions());
  const error = form.formState.errors.proxyId?.message;
  if (pool.isError) return <InlineLoadError what="Could not load the proxy pool" error={pool.error} onRetry={() => void pool.refetch()} />;
  return (
    <Field data-invalid={!!error}>
      <FieldLabel htmlFor="template-proxyId">Pool proxy</FieldLabel>
      <Controller
        control={form.control}
        name="proxyId"
        render={({ field }) => (
          <Select value={field.value} onValueChange={field.onChange} disabled={!pool.isSuccess || pool.data.length === 0}>
            <SelectTrigger id="template-proxyId" className="w-full" aria-invalid={!!error}>
              <SelectValue placeholder={pool.isPending ? "Loading the pool…" : pool.data?.length === 0 ? "The pool has no proxies" : "Choose a proxy"} />
            </SelectTrigger>
            <SelectContent>
              {pool.data?.map((proxy) => (
                <SelectItem key={proxy.id} value={proxy.id}>
                  {proxy.name} ({proxy.instances}
                  {proxy.maxInstances === null ? "" : ` of ${proxy.maxInstances}`} in use{proxy.health.state === "failing" ? ", failing" : ""})
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      />
      <FieldError>{error}</FieldError>
    </Field>
  );
}

/**
 * How the instances connect: left as is, directly, or through the pool. Not a custom URL: a template is read back
 * whole and a proxy password is never returned, so a proxy many instances share belongs in the pool.
 */
export function TemplateProxyFields({ form }: { form: Form }) {
  const mode = useWatch({ control: form.control, name: "proxyMode" });
  return (
    <FieldSet>
      <FieldLegend>Proxy policy</FieldLegend>
      <Field>
        <FieldLabel htmlFor="template-proxyMode">Proxy</FieldLabel>
        <Controller
          control={form.control}
          name="proxyMode"
          render={({ field }) => (
            <Select
              value={field.value}
              onValueChange={(value) => {
                form.clearErrors("proxyId");
                field.onChange(value);
              }}
            >
              <SelectTrigger id="template-proxyMode" className="w-full sm:w-64" aria-describedby="template-proxyMode-help">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {MODES.map((choice) => (
                  <SelectItem key={choice.value} value={choice.value}>
                    {choice.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
        <FieldDescription id="template-proxyMode-help">{HELP[mode]} Changing an instance&apos;s proxy restarts its session (no QR). A proxy of your own goes into the pool first.</FieldDescription>
      </Field>
      {mode === "pool" ? <PoolProxyField form={form} /> : null}
    </FieldSet>
  );
}
