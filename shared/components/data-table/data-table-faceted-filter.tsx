"use client";

import type { Column } from "@tanstack/react-table";
import { PlusCircle } from "lucide-react";
import type { ComponentType } from "react";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/shared/ui/dropdown-menu";
import { Separator } from "@/shared/ui/separator";

type FacetedFilterOption = {
  value: string;
  label: string;
  icon?: ComponentType<{ className?: string }>;
};

export type DataTableFacetedFilterProps<TData, TValue> = {
  /** `table.getColumn(id)` may be undefined; the filter then renders nothing. */
  column: Column<TData, TValue> | undefined;
  title: string;
  options: readonly FacetedFilterOption[];
  /** Counts per option value, when the rows are filtered outside the table (manual filtering); else the column's facets. */
  counts?: ReadonlyMap<string, number>;
};

function selectedValues(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
}

/** Facet keys are raw cell values (booleans, numbers, tag arrays); options are strings, so count by their string form. */
function countsByValue(facets: Map<unknown, number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, count] of facets) {
    for (const value of Array.isArray(key) ? key : [key]) counts.set(String(value), (counts.get(String(value)) ?? 0) + count);
  }
  return counts;
}

export function DataTableFacetedFilter<TData, TValue>({ column, title, options, counts: givenCounts }: DataTableFacetedFilterProps<TData, TValue>) {
  if (!column) return null;

  const selected = selectedValues(column.getFilterValue());
  const facets = givenCounts ? null : column.getFacetedUniqueValues();
  const counts = givenCounts ?? (facets && facets.size > 0 ? countsByValue(facets) : null);

  const toggle = (value: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(value);
    else next.delete(value);
    column.setFilterValue(next.size > 0 ? [...next] : undefined);
  };

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="h-8 border-dashed"
          aria-label={selected.size > 0 ? `${title}, ${selected.size} selected` : undefined}
        >
          <PlusCircle aria-hidden />
          {title}
          {selected.size > 0 ? (
            <>
              <Separator orientation="vertical" className="mx-0.5 data-[orientation=vertical]:h-4" />
              <Badge variant="secondary" className="rounded-sm px-1 font-normal">
                {selected.size}
              </Badge>
            </>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-56">
        <DropdownMenuLabel className="text-xs text-muted-foreground">{title}</DropdownMenuLabel>
        {options.map((option) => (
          <DropdownMenuCheckboxItem
            key={option.value}
            checked={selected.has(option.value)}
            onCheckedChange={(checked) => toggle(option.value, checked === true)}
            // Keep the menu open so several values can be picked in a row.
            onSelect={(event) => event.preventDefault()}
          >
            {option.icon ? <option.icon className="size-4 text-muted-foreground" /> : null}
            <span className="truncate">{option.label}</span>
            {counts ? <span className="ml-auto font-mono text-xs text-muted-foreground">{counts.get(option.value) ?? 0}</span> : null}
          </DropdownMenuCheckboxItem>
        ))}
        {selected.size > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem className="justify-center" onSelect={() => column.setFilterValue(undefined)}>
              Clear filter
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
