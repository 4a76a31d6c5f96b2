"use client";

import { Filter, Search, X } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { LOG_LEVELS, LOG_SOURCES, type LogLevel, type LogSource } from "@/contract/logs";
import { ALL_INSTANCES, InstanceSelect } from "@/shared/components/instance-select";
import { cn } from "@/shared/lib/cn";
import { localInputValue } from "@/shared/lib/format-time";
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
import { Input } from "@/shared/ui/input";
import { Field, FieldError, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { DEFAULT_FILTERS, TIME_RANGE_LABELS, TIME_RANGES, type LogViewFilters, type TimeRange } from "../lib/log-filters";
import type { LevelCounts } from "../lib/log-view";
import { LEVEL_META, SOURCE_LABELS, type InstanceOption } from "./log-level";

const SEARCH_DEBOUNCE_MS = 250;

type SetFilters = (change: (old: LogViewFilters) => LogViewFilters) => void;

const toggle = <T,>(list: readonly T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
const fromLocalInput = (value: string) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined);

/** Text search: typed freely, applied after a short pause (the gateway is asked once typing stops). */
function LogSearch({ value, onChange, label }: { value: string; onChange: (q: string) => void; label: string }) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="relative min-w-48 flex-1">
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input type="search" value={text} onChange={(e) => setText(e.target.value)} aria-label={label} placeholder="Search messages and context…" className="pl-8" maxLength={200} />
    </div>
  );
}

/** Level toggles, each with the gateway's count for the other filters; no number while there is none to show. */
export function LevelChips({ filters, counts, updating, setFilters }: { filters: LogViewFilters; counts: LevelCounts | undefined; updating: boolean; setFilters: SetFilters }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Levels">
      {LOG_LEVELS.map((level: LogLevel) => {
        const on = filters.levels.includes(level);
        return (
          <Button
            key={level}
            type="button"
            size="sm"
            variant={on ? "secondary" : "outline"}
            aria-pressed={on}
            className={cn("h-7 gap-1.5 px-2", on && "ring-1 ring-ring")}
            onClick={() => setFilters((f) => ({ ...f, levels: toggle(f.levels, level) }))}
          >
            <span className={cn("size-2 rounded-full", LEVEL_META[level].dot)} aria-hidden />
            {LEVEL_META[level].label}
            {counts ? (
              <span className={cn("font-mono text-xs tabular-nums text-muted-foreground", updating && "opacity-50")} data-testid={`level-count-${level}`}>
                {counts[level].toLocaleString()}
              </span>
            ) : null}
          </Button>
        );
      })}
    </div>
  );
}

export function LogFiltersBar({ filters, setFilters, instances }: { filters: LogViewFilters; setFilters: SetFilters; instances: readonly InstanceOption[] }) {
  const chooseInstance = useCallback((id: string) => setFilters((f) => ({ ...f, instanceId: id === ALL_INSTANCES ? undefined : id })), [setFilters]);
  const backwards = !!filters.from && !!filters.to && filters.from > filters.to;
  const activeCount = filters.levels.length + filters.sources.length + (filters.instanceId ? 1 : 0) + (filters.q ? 1 : 0) + (filters.range === DEFAULT_FILTERS.range ? 0 : 1);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <LogSearch value={filters.q} onChange={(q) => setFilters((f) => ({ ...f, q }))} label="Search logs" />
        <Select value={filters.range} onValueChange={(range) => setFilters((f) => ({ ...f, range: range as TimeRange }))}>
          <SelectTrigger className="w-36" aria-label="Time range">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {TIME_RANGES.map((range) => (
              <SelectItem key={range} value={range}>
                {TIME_RANGE_LABELS[range]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <InstanceSelect instances={instances} value={filters.instanceId ?? ALL_INSTANCES} onValueChange={chooseInstance} allLabel="All instances" className="w-44" aria-label="Instance" />
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" className="border-dashed" aria-label={`Source${filters.sources.length ? `: ${filters.sources.join(", ")}` : ""}`}>
              <Filter aria-hidden /> Source
              {filters.sources.length > 0 ? (
                <Badge variant="secondary" className="rounded-sm px-1 font-normal">
                  {filters.sources.length === 1 ? SOURCE_LABELS[filters.sources[0]!] : `${filters.sources.length} selected`}
                </Badge>
              ) : null}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="w-44">
            <DropdownMenuLabel>Source</DropdownMenuLabel>
            {LOG_SOURCES.map((source: LogSource) => (
              <DropdownMenuCheckboxItem
                key={source}
                checked={filters.sources.includes(source)}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={() => setFilters((f) => ({ ...f, sources: toggle(f.sources, source) }))}
              >
                {SOURCE_LABELS[source]}
              </DropdownMenuCheckboxItem>
            ))}
            {filters.sources.length > 0 ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => setFilters((f) => ({ ...f, sources: [] }))}>Clear</DropdownMenuItem>
              </>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
        {activeCount > 0 ? (
          <Button variant="ghost" onClick={() => setFilters(() => DEFAULT_FILTERS)}>
            Reset <X aria-hidden />
          </Button>
        ) : null}
      </div>
      {filters.range === "custom" ? (
        <div className="flex flex-wrap items-end gap-3" data-testid="custom-range">
          <Field className="w-52 gap-1">
            <FieldLabel htmlFor="log-from">From</FieldLabel>
            <Input id="log-from" type="datetime-local" value={localInputValue(filters.from)} onChange={(e) => setFilters((f) => ({ ...f, from: fromLocalInput(e.target.value) }))} />
          </Field>
          <Field className="w-52 gap-1" data-invalid={backwards}>
            <FieldLabel htmlFor="log-to">To</FieldLabel>
            <Input id="log-to" type="datetime-local" aria-invalid={backwards} aria-describedby={backwards ? "log-range-error" : undefined} value={localInputValue(filters.to)} onChange={(e) => setFilters((f) => ({ ...f, to: fromLocalInput(e.target.value) }))} />
          </Field>
          {backwards ? <FieldError id="log-range-error">“To” is before “From”: nothing can match.</FieldError> : null}
        </div>
      ) : null}
    </div>
  );
}
