"use client";

import { useId } from "react";
import { WEBHOOK_EVENT_GROUPS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/contract/webhooks";
import { Checkbox } from "@/shared/ui/checkbox";
import { FieldError, FieldLegend, FieldSet } from "@/shared/ui/field";
import { EVENT_META, GROUP_LABELS } from "./event-types";

type CheckedState = boolean | "indeterminate";

function stateOf(selected: ReadonlySet<WebhookEventType>, types: readonly WebhookEventType[]): CheckedState {
  const count = types.filter((t) => selected.has(t)).length;
  return count === 0 ? false : count === types.length ? true : "indeterminate";
}

/** Event toggles grouped by kind, with select-all per group and overall; keeps the contract's order. */
export function EventPicker({
  value,
  onChange,
  error,
  legend = "Events",
}: {
  value: readonly WebhookEventType[];
  onChange: (events: WebhookEventType[]) => void;
  error?: string;
  /** What screen readers hear for the whole set (several pickers on one form name theirs apart). */
  legend?: string;
}) {
  const id = useId();
  const selected = new Set(value);
  const set = (types: readonly WebhookEventType[], on: boolean) => {
    const next = new Set(selected);
    for (const t of types) if (on) next.add(t);
    else next.delete(t);
    onChange(WEBHOOK_EVENT_TYPES.filter((t) => next.has(t)));
  };
  const all = stateOf(selected, WEBHOOK_EVENT_TYPES);

  return (
    <FieldSet aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <FieldLegend className="sr-only">{legend}</FieldLegend>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium" aria-hidden>
          Events
        </span>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={all} onCheckedChange={(checked) => set(WEBHOOK_EVENT_TYPES, checked === true)} aria-label="All events" />
          All events <span className="text-muted-foreground">({selected.size} of {WEBHOOK_EVENT_TYPES.length})</span>
        </label>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        {(Object.entries(WEBHOOK_EVENT_GROUPS) as Array<[keyof typeof WEBHOOK_EVENT_GROUPS, readonly WebhookEventType[]]>).map(([group, types]) => (
          <div key={group} role="group" aria-labelledby={`${id}-${group}`} className="flex flex-col gap-2 rounded-lg border p-3">
            <label className="flex items-center gap-2 text-sm font-medium" id={`${id}-${group}`}>
              <Checkbox checked={stateOf(selected, types)} onCheckedChange={(checked) => set(types, checked === true)} aria-label={`All ${GROUP_LABELS[group].toLowerCase()} events`} />
              {GROUP_LABELS[group]}
            </label>
            <ul className="flex flex-col gap-2 pl-1">
              {types.map((type) => (
                <li key={type}>
                  <label className="flex items-start gap-2 text-sm">
                    <Checkbox className="mt-0.5" checked={selected.has(type)} onCheckedChange={(checked) => set([type], checked === true)} aria-label={type} />
                    <span className="min-w-0">
                      <span className="block font-mono text-xs">{type}</span>
                      <span className="block text-xs text-muted-foreground">{EVENT_META[type].explain}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </FieldSet>
  );
}
