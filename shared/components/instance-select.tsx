"use client";

import { memo, useState } from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";

type InstanceChoice = { id: string; name: string };

/** The value an `InstanceSelect` with `allLabel` reports for "every instance". */
export const ALL_INSTANCES = "all";

interface InstanceSelectProps {
  /** The choices, by name (the app layer's instance choices). */
  instances: readonly InstanceChoice[];
  /** The chosen instance's id, or `ALL_INSTANCES`. An id that is not among `instances` is offered as itself. */
  value: string;
  /** Must keep its identity across renders (a state setter, or `useCallback`): the select is memoized on it. */
  onValueChange: (value: string) => void;
  /** Offers "every instance" first, under this label (filters). */
  allLabel?: string;
  placeholder?: string;
  size?: "sm" | "default";
  disabled?: boolean;
  id?: string;
  className?: string;
  "aria-label"?: string;
}

/**
 * A choice among the instances, for filters and snippets. A gateway can run hundreds of instances, and Radix's Select
 * renders every item it is given even while closed (into a detached fragment, so the trigger can show the chosen
 * one's text): closed, this one is given only the chosen item, and the whole list once it opens (typing on the closed
 * trigger therefore does not pick an instance; open, typing moves to one). Memoized too, since the toolbars it sits in
 * re-render with every live count or event.
 */
export const InstanceSelect = memo(function InstanceSelect({ instances, value, onValueChange, allLabel, placeholder, size, disabled, id, className, "aria-label": ariaLabel }: InstanceSelectProps) {
  const [open, setOpen] = useState(false);
  const unknown = value !== "" && value !== ALL_INSTANCES && !instances.some((instance) => instance.id === value);
  const listed = open ? instances : instances.filter((instance) => instance.id === value);
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled} open={open} onOpenChange={setOpen}>
      <SelectTrigger id={id} size={size} className={className} aria-label={ariaLabel}>
        <SelectValue placeholder={placeholder} />
      </SelectTrigger>
      <SelectContent>
        {allLabel && (open || value === ALL_INSTANCES) ? <SelectItem value={ALL_INSTANCES}>{allLabel}</SelectItem> : null}
        {unknown ? <SelectItem value={value}>{value}</SelectItem> : null}
        {listed.map((instance) => (
          <SelectItem key={instance.id} value={instance.id}>
            {instance.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
});
