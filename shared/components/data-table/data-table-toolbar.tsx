"use client";

import { X } from "lucide-react";
import { useRef, type ReactNode } from "react";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";
import { Input } from "@/shared/ui/input";

export type DataTableToolbarProps = {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  "aria-label": string;
  /** Facet filters, shown after the search input. */
  children?: ReactNode;
  /** Any column filter active; a non-empty search also counts. */
  isFiltered?: boolean;
  /** Clears search and filters; the Reset button shows only when given and something is filtered. */
  onReset?: () => void;
  /** Right-aligned slot, e.g. view options or a "New" button. */
  actions?: ReactNode;
  className?: string;
};

export function DataTableToolbar({
  value,
  onChange,
  placeholder,
  "aria-label": ariaLabel,
  children,
  isFiltered = false,
  onReset,
  actions,
  className,
}: DataTableToolbarProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const showReset = onReset !== undefined && (isFiltered || value !== "");

  // The Reset button unmounts once clicked, so hand focus to the search box instead of losing it to <body>.
  const reset = () => {
    onReset?.();
    inputRef.current?.focus();
  };

  return (
    <div className={cn("flex flex-wrap items-center justify-between gap-2", className)}>
      <div className="flex flex-1 flex-wrap items-center gap-2">
        <Input
          ref={inputRef}
          type="search"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          placeholder={placeholder}
          aria-label={ariaLabel}
          className="h-8 w-[150px] lg:w-[250px]"
        />
        {children}
        {showReset ? (
          <Button type="button" variant="ghost" size="sm" className="h-8 px-2 lg:px-3" onClick={reset}>
            Reset
            <X aria-hidden />
          </Button>
        ) : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}
