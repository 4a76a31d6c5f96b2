"use client";

import { useState } from "react";
import type { CreateSetup } from "@/features/instances/components/create-instance-form";
import { ProxyChoiceSelect } from "@/features/proxies/components/proxy-choice-select";
import { specOf, type ProxyChoice } from "@/features/proxies/lib/proxy-choice";
import { TemplateChoiceSelect, templateOfChoice, type TemplateChoice } from "@/features/templates/components/template-choice-select";
import { Field, FieldDescription, FieldLabel } from "@/shared/ui/field";

type Choice = { template: TemplateChoice; proxy: ProxyChoice | "" };

/** The choices as the create request's fields: each left out when it is "leave out". */
function setupOf({ template, proxy }: Choice): CreateSetup {
  const chosen = templateOfChoice(template);
  return { ...(chosen !== undefined ? { template: chosen } : {}), ...(proxy ? { proxy: specOf(proxy) } : {}) };
}

/**
 * The new-instance form's template and proxy (features never import each other, so the app layer composes them).
 * Loaded with the form (next/dynamic in create-instance-slot.tsx), it reads the templates and the proxy pool then.
 */
export function CreateInstanceSetup({ onChange }: { onChange: (setup: CreateSetup) => void }) {
  // Both start as "leave out", which is the form's own starting point ({}): it only hears of changes.
  const [choice, setChoice] = useState<Choice>({ template: "default", proxy: "" });
  const choose = (next: Partial<Choice>) => {
    const merged = { ...choice, ...next };
    setChoice(merged);
    onChange(setupOf(merged));
  };
  const { template, proxy } = choice;
  return (
    <>
      <Field>
        <FieldLabel htmlFor="create-template">Settings template</FieldLabel>
        <TemplateChoiceSelect id="create-template" value={template} onChange={(next) => choose({ template: next })} describedBy="create-template-help" />
        <FieldDescription id="create-template-help">Its settings, proxy policy and webhooks apply before the first connection.</FieldDescription>
      </Field>
      <Field>
        <FieldLabel htmlFor="create-proxy">Proxy</FieldLabel>
        <ProxyChoiceSelect id="create-proxy" value={proxy} onChange={(next) => choose({ proxy: next })} describedBy="create-proxy-help" leaveOut="The template's policy, or direct" />
        <FieldDescription id="create-proxy-help">How its WhatsApp connection leaves the gateway. A choice here wins over the template&apos;s.</FieldDescription>
      </Field>
    </>
  );
}
