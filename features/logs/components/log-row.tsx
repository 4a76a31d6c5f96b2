"use client";

import { ChevronRight } from "lucide-react";
import { memo } from "react";
import type { LogEntry } from "@/contract/logs";
import { CopyButton } from "@/shared/components/copy-button";
import { cn } from "@/shared/lib/cn";
import { clockTime, exactTime } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { HighlightMatches } from "./highlight-matches";
import { LEVEL_META, SOURCE_LABELS } from "./log-level";

/** Height of a collapsed row (one line from `sm` up, two below), border included. */
export const LOG_ROW_HEIGHT = { wide: 33, narrow: 54 } as const;

/** One entry: time, level, source, instance, message; expands to the full message and its context JSON. */
export const LogRow = memo(function LogRow({
  entry,
  instanceName,
  query,
  expanded,
  onToggle,
}: {
  entry: LogEntry;
  instanceName?: string;
  query: string;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const meta = LEVEL_META[entry.level];
  const detailsId = `log-details-${entry.id}`;
  const hasContext = Object.keys(entry.context).length > 0;
  return (
    <div className={cn("text-xs", expanded && "border-b bg-muted/40")} data-level={entry.level} data-source={entry.source} data-instance={entry.instanceId ?? ""}>
      <div
        className={cn(
          "group flex flex-wrap content-center items-center gap-x-2 gap-y-0.5 overflow-hidden px-2 hover:bg-muted/50 sm:flex-nowrap",
          // Collapsed rows have a fixed height (LOG_ROW_HEIGHT): the list never has to measure them.
          expanded ? "py-1.5" : "h-[54px] border-b sm:h-[33px]",
        )}
      >
        <button
          type="button"
          onClick={() => onToggle(entry.id)}
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId : undefined}
          aria-label={expanded ? "Hide details" : "Show details"}
          className="flex size-5 shrink-0 items-center justify-center rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ChevronRight className={cn("size-3.5 transition-transform", expanded && "rotate-90")} aria-hidden />
        </button>
        <time dateTime={entry.time} title={exactTime(entry.time)} className="shrink-0 font-mono tabular-nums text-muted-foreground">
          {clockTime(entry.time)}
        </time>
        <Badge variant={meta.badge} className="w-12 uppercase">
          {entry.level}
        </Badge>
        <span className="hidden w-16 shrink-0 text-muted-foreground sm:inline">{SOURCE_LABELS[entry.source]}</span>
        {entry.instanceId ? (
          <span className="max-w-28 shrink-0 truncate font-medium sm:max-w-40" title={entry.instanceId}>
            {instanceName ?? entry.instanceId}
          </span>
        ) : null}
        <span className={cn("order-last min-w-0 basis-full font-mono sm:order-none sm:basis-auto sm:flex-1", expanded ? "whitespace-pre-wrap break-words" : "truncate")} data-testid="log-message">
          <HighlightMatches text={entry.message} query={query} />
        </span>
        <CopyButton value={JSON.stringify(entry)} label="Copy entry" className="ml-auto size-6 opacity-60 group-hover:opacity-100 focus-visible:opacity-100" />
      </div>
      {expanded ? (
        <div id={detailsId} className="flex flex-col gap-1 px-9 pb-2">
          <p className="text-muted-foreground">
            {exactTime(entry.time)} · <span className="font-mono">{entry.id}</span>
            {entry.instanceId ? <span className="font-mono"> · {entry.instanceId}</span> : null}
          </p>
          {hasContext ? (
            <pre className="max-h-72 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed" data-testid="log-context">
              <HighlightMatches text={JSON.stringify(entry.context, null, 2)} query={query} />
            </pre>
          ) : (
            <p className="text-muted-foreground">No context.</p>
          )}
        </div>
      ) : null}
    </div>
  );
});
