"use client";

import { useEffect, useState } from "react";
import type { CreateSetup } from "@/features/instances/components/create-instance-form";
import { ProxyChoiceSelect } from "@/features/proxies/components/proxy-choice-select";
import { specOf, type ProxyChoice } from "@/features/proxies/lib/proxy-choice";
import { TemplateChoiceSelect, templateOfChoice, type TemplateChoice } from "@/features/templates/components/template-choice-select";
import { Field, FieldDescription, FieldLabel } from "@/shared/ui/field";

/**
 * The new-instance form's template and proxy (features never import each other, so the app layer composes them).
 * Loaded with the form (next/dynamic in create-instance-slot.tsx), it reads the templates and the proxy pool then.
 */
export function CreateInstanceSetup({ onChange }: { onChange: (setup: CreateSetup) => void }) {
  const [template, setTemplate] = useState<TemplateChoice>("default");
  const [proxy, setProxy] = useState<ProxyChoice | "">("");
  useEffect(() => {
    const chosen = templateOfChoice(template);
    onChange({ ...(chosen !== undefined ? { template: chosen } : {}), ...(proxy ? { proxy: specOf(proxy) } : {}) });
  }, [template, proxy, onChange]);
  return (
    <>
      <Field>
        <FieldLabel htmlFor="create-template">Settings template</FieldLabel>
        <TemplateChoiceSelect id="create-template" value={template} onChange={setTemplate} describedBy="create-template-help" />
        <FieldDescription id="create-template-help">Its settings, proxy policy and webhooks apply before the first connection.</FieldDescription>
      </Field>
      <Field>
        <FieldLabel htmlFor="create-proxy">Proxy</FieldLabel>
        <ProxyChoiceSelect id="create-proxy" value={proxy} onChange={setProxy} describedBy="create-proxy-help" leaveOut="The template's policy, or direct" />
        <FieldDescription id="create-proxy-help">How its WhatsApp connection leaves the gateway. A choice here wins over the template&apos;s.</FieldDescription>
      </Field>
    </>
  );
}
