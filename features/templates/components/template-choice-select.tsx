"use client";

import { useQuery } from "@tanstack/react-query";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { templateListOptions } from "../api/templates";

/** What a new instance starts from: the default template (sent as nothing), no template (null), or a named one. */
export type TemplateChoice = "default" | "none" | (string & {});

/** The choice as the create request's `template`: left out for the default, null for none, else the id. */
export function templateOfChoice(choice: TemplateChoice): string | null | undefined {
  return choice === "default" ? undefined : choice === "none" ? null : choice;
}

/** The settings templates as one select, the default template (if there is one) named in the first option. */
export function TemplateChoiceSelect({ id, value, onChange, describedBy }: { id: string; value: TemplateChoice; onChange: (choice: TemplateChoice) => void; describedBy?: string }) {
  const templates = useQuery(templateListOptions()).data ?? [];
  const fallback = templates.find((t) => t.isDefault);
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger id={id} className="w-full min-w-0" aria-describedby={describedBy}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value="default">{fallback ? `Default: ${fallback.name}` : "None (no default template)"}</SelectItem>
        {fallback ? <SelectItem value="none">None</SelectItem> : null}
        {templates
          .filter((t) => !t.isDefault)
          .map((t) => (
            <SelectItem key={t.id} value={t.id}>
              {t.name}
            </SelectItem>
          ))}
      </SelectContent>
    </Select>
  );
}
